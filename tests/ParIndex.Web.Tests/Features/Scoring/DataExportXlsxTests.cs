using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ParIndex.Core.Tabular;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>The response data as XLSX: the same header and cells as the CSV exports, opened with a spreadsheet library.</summary>
public sealed class DataExportXlsxTests(DataExportXlsxTests.App app) : IClassFixture<DataExportXlsxTests.App>
{
    public sealed class App : ParIndexFactory;

    private async Task<int> RoundId() => await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());

    /// <summary>A sheet's rows as text: numbers in their round-trip invariant form, empty cells as "".</summary>
    private static List<string[]> Sheet(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        var rows = new List<string[]>();
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, sheetName: sheet))
            rows.Add([.. row.Values.Select(v => v switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString()!.Normalize(NormalizationForm.FormC),
            })]);
        return rows;
    }

    private static List<string[]> Csv(byte[] csv)
    {
        var file = TabularReader.Read(csv, "export.csv");
        return [[.. file.Headers], .. file.Rows.Select(r => file.Headers.Select(r.Get).ToArray())];
    }

    private static void AssertSameTable(List<string[]> csv, List<string[]> xlsx)
    {
        Assert.Equal(csv.Count, xlsx.Count);
        for (var i = 0; i < csv.Count; i++)
        {
            // MiniExcel returns a row as wide as the sheet; trailing empty cells are the CSV's empty fields.
            var x = xlsx[i].Concat(Enumerable.Repeat("", Math.Max(0, csv[i].Length - xlsx[i].Length))).Take(csv[i].Length);
            Assert.Equal(csv[i], x);
        }
    }

    [Fact]
    public async Task Long_wide_and_codebook_xlsx_hold_the_csv_exports_cells_with_the_codebook_as_a_sheet()
    {
        var client = await app.CreateClientAs(Roles.Designer);
        var roundId = await RoundId();
        var before = await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Action == "data.export"));

        var response = await client.GetAsync($"/api/v1/rounds/{roundId}/data/long.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var longXlsx = await response.Content.ReadAsByteArrayAsync();
        using (var s = new MemoryStream(longXlsx)) Assert.Equal(["long", "codebook"], MiniExcel.GetSheetNames(s));
        var longCsv = Csv(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/long.csv"));
        Assert.Equal(["response_id", "group", "questionnaire_version", "unit_code", "item_id", "answer"], longCsv[0]);
        Assert.True(longCsv.Count > 1000);
        AssertSameTable(longCsv, Sheet(longXlsx, "long"));

        var codebookCsv = Csv(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/codebook.csv"));
        AssertSameTable(codebookCsv, Sheet(longXlsx, "codebook"));
        AssertSameTable(codebookCsv, Sheet(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/codebook.xlsx"), "codebook"));

        foreach (var group in new[] { "SO-HDND", "XA-DAN" })
        {
            var wideXlsx = await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/wide.xlsx?group={group}");
            using (var s = new MemoryStream(wideXlsx)) Assert.Equal([group, "codebook"], MiniExcel.GetSheetNames(s));
            var wideCsv = Csv(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/wide.csv?group={group}"));
            Assert.True(wideCsv.Count > 1);
            AssertSameTable(wideCsv, Sheet(wideXlsx, group));
        }

        var unknown = await client.GetAsync($"/api/v1/rounds/{roundId}/data/wide.xlsx?group=NO-SUCH");
        await unknown.AssertProblem(404, "not-found");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.CreateClientAs(Roles.Viewer)).GetAsync($"/api/v1/rounds/{roundId}/data/long.xlsx")).StatusCode);
        // Every download is audited: long xlsx + csv, codebook csv + xlsx, two groups × (xlsx + csv).
        Assert.Equal(before + 8, await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Action == "data.export")));
    }

    [Fact]
    public async Task A_sheet_past_the_row_limit_continues_on_numbered_sheets_with_the_header_repeated_and_cells_stay_safe()
    {
        var buffer = new MemoryStream();
        await using (var xlsx = new XlsxStream(buffer, maxRowsPerSheet: 4))
        {
            await xlsx.BeginSheetAsync("long", ["id", "answer", "weight"], default);
            for (var i = 1; i <= 10; i++) await xlsx.WriteRowAsync([i, i == 2 ? "=HYPERLINK(\"http://x\")" : i == 3 ? "a\u0001b <&> “Sở”" : $"r{i}", i == 4 ? null : i * 1.5], default);
            await xlsx.BeginSheetAsync("codebook", ["item_id"], default);
            await xlsx.WriteRowAsync(["q1"], default);
        }
        var bytes = buffer.ToArray();
        using (var s = new MemoryStream(bytes)) Assert.Equal(["long", "long (2)", "long (3)", "long (4)", "codebook"], MiniExcel.GetSheetNames(s));
        var all = new[] { "long", "long (2)", "long (3)", "long (4)" }.Select(n => Sheet(bytes, n)).ToList();
        Assert.All(all, sheet => Assert.Equal(["id", "answer", "weight"], sheet[0]));
        Assert.Equal([4, 4, 4, 2], all.Select(s => s.Count));
        var data = all.SelectMany(s => s.Skip(1)).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)), data.Select(r => r[0]));
        Assert.Equal("'=HYPERLINK(\"http://x\")", data[1][1]);
        Assert.Equal("a\uFFFDb <&> “Sở”", data[2][1]);
        Assert.Equal("", data[3].ElementAtOrDefault(2) ?? "");
        Assert.Equal("15", data[9][2]);
    }
}
