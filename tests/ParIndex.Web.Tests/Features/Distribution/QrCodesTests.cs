using System.Text.RegularExpressions;
using ParIndex.Web.Features.Distribution;
using QRCoder;

namespace ParIndex.Web.Tests.Features.Distribution;

public sealed partial class QrCodesTests
{
    [GeneratedRegex(@"M(?<x>\d+) (?<y>\d+)h(?<w>\d+)v1h-(?<w2>\d+)z")]
    private static partial Regex Run();

    [Theory]
    [InlineData("https://khaosat.example.gov.vn/r/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")]
    [InlineData("http://localhost/r/x")]
    public void The_inline_svg_of_a_letter_draws_exactly_the_dark_modules_of_the_link_s_qr_code(string link)
    {
        var svg = QrCodes.InlineSvg(link, 180, LetterDocument.QrLabel);
        var expected = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M).ModuleMatrix;
        var n = expected.Count;
        var drawn = new bool[n, n];
        var runs = Run().Matches(svg);
        foreach (Match m in runs)
        {
            int x = int.Parse(m.Groups["x"].Value), y = int.Parse(m.Groups["y"].Value), w = int.Parse(m.Groups["w"].Value);
            Assert.Equal(w, int.Parse(m.Groups["w2"].Value));
            for (var i = x; i < x + w; i++)
            {
                Assert.False(drawn[y, i], $"module ({i},{y}) drawn twice");
                drawn[y, i] = true;
            }
        }

        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
                Assert.True(expected[y][x] == drawn[y, x], $"module ({x},{y})");
        Assert.Contains($"viewBox=\"0 0 {n} {n}\"", svg);
        Assert.Contains("width=\"180\"", svg);
        Assert.Contains($"aria-label=\"{LetterDocument.QrLabel}\"", svg);
        // Only path commands between the runs: nothing a browser could read as anything else.
        var d = Regex.Match(svg, "<path d=\"([^\"]*)\"/>").Groups[1].Value;
        Assert.Equal(d.Length, runs.Sum(m => m.Length));
    }
}
