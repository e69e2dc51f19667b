using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ParIndex.Web.Features.Publication;

namespace ParIndex.Web.Tests.Features.Publication;

/// <summary>
/// The analytical report of the demo's published 2025 round, printed to PDF by the letters' headless Chromium: its pages,
/// the table of contents with the page numbers the PDF really has, a chart, one page per unit, and a page rendered to PNG by
/// poppler's <c>pdftoppm</c> that is not blank.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed class AnalyticalReportTests(PublicationApp app)
{
    private static async Task<string> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
        return output;
    }

    [Fact]
    public async Task The_report_pdf_has_a_contents_with_true_page_numbers_a_chart_and_a_page_per_unit()
    {
        var (_, run) = await app.PublishedRun(PublicationApp.Published);
        var client = app.CreateClient();
        var html = await client.GetStringAsync($"/cong-bo/{PublicationApp.Published}/bao-cao");
        Assert.Contains("Mục lục", html);
        Assert.Matches("<section[^>]+id=\"thanh-pho\"[\\s\\S]*?<svg[^>]+role=\"img\"", html);

        using var response = await client.GetAsync($"/cong-bo/{PublicationApp.Published}/bao-cao.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var dir = Directory.CreateTempSubdirectory("parindex-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "bao-cao.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            var info = await Run("pdfinfo", path);
            var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            // Cover, contents, six chapters and a page per unit at least.
            Assert.True(pages >= run.Units.Count + 8, $"{pages} pages for {run.Units.Count} units");

            // Every unit has its own page, in the order of the contents, and the contents print the page each anchor is on.
            var anchors = PdfDestinations.Pages(pdf);
            var unitPages = run.Units.Select(u => (u, Page: anchors.TryGetValue(AnalyticalReport.UnitAnchor(u.UnitCode), out var pg) ? pg : 0)).ToList();
            Assert.All(unitPages, x => Assert.True(x.Page > 0, $"{x.u.UnitCode} has no page"));
            Assert.Equal(unitPages.Count, unitPages.Select(x => x.Page).Distinct().Count());
            var contents = await Run("pdftotext", "-layout", "-f", "2", "-l", anchors["thanh-pho"].ToString(System.Globalization.CultureInfo.InvariantCulture), path, "-");
            Assert.Contains("Mục lục", contents);
            Assert.Matches($@"Kết quả toàn thành phố\s*[.\s]*{anchors["thanh-pho"]}\b", contents);
            foreach (var (u, page) in unitPages.Take(3))
            {
                var text = await Run("pdftotext", "-layout", "-f", $"{page}", "-l", $"{page}", path, "-");
                Assert.Contains(u.UnitName, text);
                Assert.Contains($"Trang {page} / {pages}", text);
            }

            // The city chapter's page, rendered: a chart is there and the page is not blank.
            var chartPage = anchors["thanh-pho"];
            await Run("pdftoppm", "-f", $"{chartPage}", "-l", $"{chartPage}", "-r", "40", "-gray", path, Path.Combine(dir.FullName, "page"));
            var pgm = Directory.GetFiles(dir.FullName, "page*.pgm").Single();
            var (width, height, ink) = Ink(await File.ReadAllBytesAsync(pgm));
            Assert.True(width > 200 && height > 300, $"{width}×{height}");
            Assert.True(ink > 0.01, $"only {ink:P2} of the page is inked");
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>A binary PGM's size and the share of its pixels that are not near-white.</summary>
    private static (int Width, int Height, double Ink) Ink(byte[] pgm)
    {
        var fields = new List<string>();
        var i = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)pgm[i])) i++;
            if (pgm[i] == '#') { while (pgm[i] != '\n') i++; continue; }
            var start = i;
            while (!char.IsWhiteSpace((char)pgm[i])) i++;
            fields.Add(System.Text.Encoding.ASCII.GetString(pgm, start, i - start));
        }
        i++;
        Assert.Equal("P5", fields[0]);
        var (w, h) = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
        var dark = 0;
        for (var p = i; p < i + w * h && p < pgm.Length; p++) if (pgm[p] < 200) dark++;
        return (w, h, dark / (double)(w * h));
    }
}
