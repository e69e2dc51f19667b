using System.Buffers.Text;
using System.Security.Cryptography;

namespace ParIndex.Web.Features.Distribution;

/// <summary>
/// A link (and QR code posted at a one-stop counter) anyone may answer for one unit and group, up to a quota
/// (e.g. 300 citizens of xã X); it closes by itself when the quota is reached. Responses carry no respondent. Managed
/// here (created, listed, printed as QR); answered in Collection (<see cref="Collection.SubmitPublicResponse"/>).
/// </summary>
public sealed class PublicLink
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int UnitId { get; set; }
    public int RespondentGroupId { get; set; }
    /// <summary>Random, URL-safe; public by design (it is printed on posters), so it is stored as is.</summary>
    public required string Slug { get; set; }
    public int Quota { get; set; }
    public int Accepted { get; set; }
    public bool Closed { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool IsOpen => !Closed && Accepted < Quota;
}

public sealed record PublicLinkRequest(int UnitId, int GroupId, int Quota);

public sealed record PublicLinkDto(int Id, int UnitId, int GroupId, int Quota, int Accepted, bool Open, string Link);

public static class PublicLinks
{
    public static string NewSlug()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static PublicLinkDto Dto(PublicLink p, string baseUrl) => new(p.Id, p.UnitId, p.RespondentGroupId, p.Quota, p.Accepted, p.IsOpen, $"{baseUrl.TrimEnd('/')}/p/{p.Slug}");
}
