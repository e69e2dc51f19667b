using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Browser;

namespace ParIndex.Web.Tests.Features.Sampling;

/// <summary>
/// The institute's path through sampling in a real Chromium: upload a broken frame and read the report by line, upload
/// the example frame, preview and draw a stratified sample, and download the official sample as CSV.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SamplingBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task A_designer_uploads_a_frame_sees_the_report_draws_and_downloads_the_sample()
    {
        using var app = new ParIndexFactory();
        var baseUrl = app.StartKestrel().ToString().TrimEnd('/');
        var (email, password) = await app.AccountFor(Roles.Designer);
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == "CCHC-2026").Select(r => r.Id).FirstAsync());

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/rounds/{roundId}");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync($"{baseUrl}/rounds/{roundId}");

        // From the round page to sampling.
        await page.ClickAsync($"a[href='/rounds/{roundId}/sampling']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Chọn mẫu");

        // A broken frame: the report names each bad line and nothing is imported.
        var broken = "id,name,group,unit,size\nB1,Nguyễn Văn An,SO-DAN,SO-TP,2\nB2,Trần Thị Bình,SO-DAN,SO-ZZ,2\nB3,Lê Văn Cường,SO-DAN,SO-NV,hai\n";
        await page.FillAsync("input[name=FrameName]", "Người dân đánh giá Sở");
        await page.SetInputFilesAsync("input[name=Upload]", new FilePayload { Name = "khung.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(broken) });
        await page.ClickAsync("#upload");
        var report = page.Locator("#frame-report");
        await Assertions.Expect(report).ToContainTextAsync("chưa nhập dòng nào");
        await Assertions.Expect(report.Locator("tr[data-line='3']")).ToContainTextAsync("Đơn vị 'SO-ZZ' không có trong danh mục");
        await Assertions.Expect(report.Locator("tr[data-line='4']")).ToContainTextAsync("không phải là số");
        await Assertions.Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(0);

        // The example frame: clean, version 1.
        var example = Path.Combine(RunCommandTests.RepositoryRoot(), "sampling", "frame-so-dan.csv");
        await page.FillAsync("input[name=FrameName]", "Người dân đánh giá Sở");
        await page.SetInputFilesAsync("input[name=Upload]", example);
        await page.ClickAsync("#upload");
        await Assertions.Expect(page.Locator("#import-ok")).ToContainTextAsync("phiên bản 1");

        // Design: 3 per Sở by simple random sampling, seed 7; preview first, then draw.
        await page.ClickAsync("#import-ok a");
        await page.CheckAsync("input[name='Design.Groups'][value='SO-DAN']");
        await page.FillAsync("input[name='Design.Strata']", "unit");
        await page.SelectOptionAsync("#method", "srs");
        await page.SelectOptionAsync("#size-mode", "count");
        await page.FillAsync("#count", "3");
        await page.FillAsync("#seed", "7");
        await page.ClickAsync("#preview");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("15 người chính thức");
        await Assertions.Expect(page.Locator("#preview-strata tbody tr")).ToHaveCountAsync(5);
        await page.ClickAsync("#draw");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/sampling/draws/\\d+$"));
        await Assertions.Expect(page.Locator("#counts")).ToHaveTextAsync("15 / 15");
        await Assertions.Expect(page.Locator("#seed")).ToHaveTextAsync("7");

        // Download the official sample: UTF-8 with BOM, a header and 15 members.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-sample-csv"));
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16, lines.Length);
        Assert.StartsWith("code,frame_id,name", lines[0]);
        Assert.EndsWith(".csv", download.SuggestedFilename);
        Assert.All(lines.Skip(1), l => Assert.Contains(",official,", l));
    }
}
