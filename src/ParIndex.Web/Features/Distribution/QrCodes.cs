using QRCoder;

namespace ParIndex.Web.Features.Distribution;

/// <summary>QR codes of personal links: PNG for letters and messaging apps, SVG for print shops.</summary>
public static class QrCodes
{
    // Medium error correction survives a crease or a smudge on a printed letter without making the code dense.
    private static QRCodeData Data(string link) => QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);

    public static byte[] Png(string link, int pixelsPerModule = 8) => new PngByteQRCode(Data(link)).GetGraphic(pixelsPerModule);

    public static string Svg(string link) => new SvgQRCode(Data(link)).GetGraphic(8);
}
