using System.Globalization;
using System.Text;
using QRCoder;

namespace ParIndex.Web.Features.Distribution;

/// <summary>QR codes of personal links: PNG for letters and messaging apps, SVG for print shops.</summary>
public static class QrCodes
{
    // Medium error correction survives a crease or a smudge on a printed letter without making the code dense.
    private static QRCodeData Data(string link) => QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);

    public static byte[] Png(string link, int pixelsPerModule = 8) => new PngByteQRCode(Data(link)).GetGraphic(pixelsPerModule);

    public static string Svg(string link) => new SvgQRCode(Data(link)).GetGraphic(8);

    /// <summary>
    /// The code as inline SVG markup with a single path (one subpath per run of dark modules in a row, quiet zone
    /// included), for printing many letters at once: Chromium lays out and prints one path per letter, where an
    /// <c>&lt;img&gt;</c> of an SVG document costs a document of its own, and the PDF keeps it as vectors.
    /// <paramref name="label"/> must be HTML-safe (it is written as is).
    /// </summary>
    public static string InlineSvg(string link, int size, string label)
    {
        var modules = Data(link).ModuleMatrix;
        var n = modules.Count;
        var d = new StringBuilder(n * n);
        for (var y = 0; y < n; y++)
        {
            var row = modules[y];
            for (var x = 0; x < n; x++)
            {
                if (!row[x]) continue;
                var start = x;
                while (x < n && row[x]) x++;
                d.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start}v1h{start - x}z");
                x--;
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{label}\">"
            + $"<rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/><path d=\"{d}\"/></svg>");
    }
}
