using System.Globalization;
using QRCoder;

namespace ParIndex.Web.Features.FieldEntry;

/// <summary>
/// What the QR code on a paper form says: <c>PX1|round code|respondent code|questionnaire version id</c>. A hand-held
/// scanner types it followed by Enter; a keyer without a scanner types the respondent code printed beside it. It holds
/// no secret (the paper is not a web credential): it only identifies the sample member and the version printed.
/// </summary>
public sealed record PaperFormCode(string? RoundCode, string RespondentCode, int? VersionId)
{
    private const string Prefix = "PX1|";

    public string Payload => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{RoundCode}|{RespondentCode}|{VersionId}");

    /// <summary>Reads a scanned payload or a typed respondent code; null when it is neither.</summary>
    public static PaperFormCode? Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length is 0 or > 200) return null;
        if (t.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            var parts = t[Prefix.Length..].Split('|');
            if (parts.Length != 3 || parts[1].Length == 0) return null;
            int? version = int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            return new PaperFormCode(parts[0], parts[1].Trim().ToUpperInvariant(), version);
        }
        return t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && t.Length <= 40 ? new PaperFormCode(null, t.ToUpperInvariant(), null) : null;
    }

    /// <summary>The QR code as a PNG data URI (the pages' CSP allows <c>data:</c> images, not inline SVG styles).</summary>
    public string QrDataUri()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Payload, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(4);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
