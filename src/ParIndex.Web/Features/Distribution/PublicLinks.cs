using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

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

    /// <summary>
    /// Creates a public link for a unit and group of the round with a quota (the API and the invitations page both call
    /// this). Refused, nothing written: a quota below 1 (validation-failed), a unit or group of another round (not-found).
    /// </summary>
    public static async Task<PublicLink> Create(ParIndexDbContext db, int roundId, PublicLinkRequest request, string actor, DateTime now, CancellationToken ct)
    {
        if (request.Quota < 1)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["quota"] = [Ui.L("Chỉ tiêu số phiếu phải ít nhất là 1.", "The quota must be at least 1.")] });
        var unitOk = await db.Units.AnyAsync(u => u.Id == request.UnitId && u.RoundId == roundId, ct);
        var groupOk = await db.RespondentGroups.AnyAsync(g => g.Id == request.GroupId && g.RoundId == roundId, ct);
        if (!unitOk || !groupOk) throw new DomainException("not-found", Ui.L("Đơn vị hoặc nhóm đối tượng không thuộc đợt này.", "Unit or group is not in this round."));
        var link = new PublicLink { RoundId = roundId, UnitId = request.UnitId, RespondentGroupId = request.GroupId, Quota = request.Quota, Slug = NewSlug(), CreatedAt = now };
        db.PublicLinks.Add(link);
        db.Record(actor, "public-link.create", nameof(PublicLink), null, null, new { request.UnitId, request.GroupId, request.Quota }, now, roundId);
        await db.SaveChangesAsync(ct);
        return link;
    }

    public static PublicLinkDto Dto(PublicLink p, string baseUrl) => new(p.Id, p.UnitId, p.RespondentGroupId, p.Quota, p.Accepted, p.IsOpen, $"{baseUrl.TrimEnd('/')}/p/{p.Slug}");
}
