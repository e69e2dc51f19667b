using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Distribution;

/// <summary>
/// The invitation letters' markup (A4, Vietnamese), one place for both the printable page and the PDF of a batch, so the
/// two cannot drift. The page points the QR images at the QR endpoint; the PDF embeds them as data URIs.
/// </summary>
public static class LetterDocument
{
    private static readonly HtmlEncoder H = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The letters' articles; <paramref name="qrMarkup"/> renders each letter's QR code (an image on the page, inline SVG in the PDF).</summary>
    public static string Articles(Round round, IEnumerable<LinkRow> letters, string? deadline, Func<LinkRow, string> qrMarkup)
    {
        var sb = new StringBuilder();
        foreach (var l in letters)
        {
            var due = l.ValidUntil is { } u ? HanoiTime.DayOf(u).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : deadline;
            var unit = l.Unit is null ? "" : $" — {H.Encode(l.Unit)}";
            sb.Append($"""
                <article class="letter" lang="vi">
                    <header class="letter-head">
                        <p>VIỆN NGHIÊN CỨU PHÁT TRIỂN KINH TẾ – XÃ HỘI HÀ NỘI</p>
                        <p class="letter-code">Mã phiếu: <strong>{H.Encode(l.RespondentCode)}</strong></p>
                    </header>
                    <h1>Thư mời tham gia khảo sát</h1>
                    <p class="letter-round">{H.Encode(round.Name)}</p>
                    <p>Kính gửi: <strong>{H.Encode(l.FullName ?? "Ông/Bà")}</strong>{unit}</p>
                    <p>Thực hiện Kế hoạch xác định Chỉ số cải cách hành chính và Chỉ số hài lòng của Thành phố Hà Nội, Viện trân trọng mời Ông/Bà
                        (nhóm: {H.Encode(l.Group)}) cho ý kiến đánh giá{(l.Unit is null ? "" : $" về {H.Encode(l.Unit)}")}. Ý kiến của Ông/Bà được giữ bí mật và chỉ dùng để tổng hợp.</p>
                    <div class="letter-qr">
                        {qrMarkup(l)}
                        <div>
                            <p>Quét mã QR bằng điện thoại, hoặc mở địa chỉ:</p>
                            <p class="letter-link">{H.Encode(l.Link)}</p>
                            {(due is null ? "" : $"<p>Xin vui lòng trả lời trước ngày <strong>{H.Encode(due)}</strong>.</p>")}
                            <p>Nếu trả lời trên phiếu giấy, xin ghi mã phiếu <strong>{H.Encode(l.RespondentCode)}</strong>.</p>
                        </div>
                    </div>
                    <p class="note">Liên kết này chỉ dành riêng cho Ông/Bà và chỉ dùng được một lần. Xin không chuyển cho người khác.</p>
                    <p class="letter-sign">Trân trọng cảm ơn!</p>
                </article>

                """);
        }
        return sb.ToString();
    }

    public const string QrLabel = "Mã QR dẫn tới phiếu khảo sát";

    /// <summary>The page's QR image: the QR endpoint's SVG.</summary>
    public static string QrImage(string source) => $"<img src=\"{H.Encode(source)}\" alt=\"{QrLabel}\" width=\"180\" height=\"180\">";

    /// <summary>A self-contained document for printing: the site's stylesheet inline, QR codes as inline SVG paths, no requests.</summary>
    public static string Standalone(Round round, IReadOnlyList<LinkRow> letters, string? deadline, string css) =>
        $"""
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><title>Thư mời — {H.Encode(round.Name)}</title>
        <style>{css.Replace("</", "<\\/", StringComparison.Ordinal)}</style></head>
        <body class="staff"><main>
        {Articles(round, letters, deadline, l => QrCodes.InlineSvg(l.Link, 180, QrLabel))}
        </main></body></html>
        """;
}

/// <summary>
/// Prints a standalone HTML document to PDF with the machine's headless Chromium (<c>--print-to-pdf</c>, A4 from the
/// document's <c>@page</c> rule, no header/footer). One print at a time, a fresh profile each time, a time limit, and
/// the network switched off: the document carries everything it shows.
/// </summary>
public sealed class PdfPrinter(IConfiguration configuration, ILogger<PdfPrinter> log)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public string ExecutablePath => configuration["Pdf:Chromium"] ?? "/usr/bin/chromium";

    public bool Available => File.Exists(ExecutablePath);

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("parindex-pdf-");
        await OneAtATime.WaitAsync(ct);
        try
        {
            var input = Path.Combine(dir.FullName, "letters.html");
            var output = Path.Combine(dir.FullName, "letters.pdf");
            await File.WriteAllTextAsync(input, html, Encoding.UTF8, ct);
            var psi = new ProcessStartInfo(ExecutablePath)
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                         $"--user-data-dir={Path.Combine(dir.FullName, "profile")}", "--no-pdf-header-footer", $"--print-to-pdf={output}",
                         new Uri(input).AbsoluteUri })
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException("chromium did not finish printing within 3 minutes"); }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                log.LogWarning("chromium --print-to-pdf failed ({Code}): {Error}", process.ExitCode, await stderr);
                throw new InvalidOperationException("chromium produced no PDF");
            }
            return await File.ReadAllBytesAsync(output, ct);
        }
        finally
        {
            OneAtATime.Release();
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
