using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// Questionnaire texts rendered as Markdown keep a safe subset only (issue #19, item 10): emphasis, lists, tables and
/// http/https/mailto links; scripted links lose their address, images are never loaded, raw HTML stays text.
/// </summary>
public sealed class SafeMarkdownTests
{
    /// <summary>XSS payloads as a designer or an imported XLSForm could put them in a label, hint or choice.</summary>
    public static readonly string[] Payloads =
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(document.cookie))",
        "[x](  javascript:alert(1) )",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](//evil.example/steal)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![ảnh](https://evil.example/track.png)",
        "![ảnh](javascript:alert(1))",
        "![ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "</script><script>alert(1)</script>",
        "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
        "' onfocus='alert(1)' autofocus='",
        "{{constructor.constructor('alert(1)')()}}",
    ];

    [Theory]
    [MemberData(nameof(PayloadData))]
    public void A_payload_comes_out_without_live_markup(string payload)
    {
        var html = SafeMarkdown.ToHtml("**1. " + payload + "**\n\n- ☐ " + payload + "\n");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        // No event-handler attribute in any tag (attribute values blanked first: an escaped title may mention one as text).
        Assert.DoesNotMatch("<[a-z][^>]*\\son[a-z]+=", System.Text.RegularExpressions.Regex.Replace(html, "\"[^\"]*\"", "\"\""));
        foreach (System.Text.RegularExpressions.Match href in System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\""))
            Assert.Matches("^(https?://|mailto:)", System.Net.WebUtility.HtmlDecode(href.Groups[1].Value));
    }

    public static TheoryData<string> PayloadData() => [.. Payloads];

    [Fact]
    public void The_safe_subset_still_renders()
    {
        var html = SafeMarkdown.ToHtml("*nhấn mạnh* và **đậm**, [Cổng dịch vụ công](https://dichvucong.hanoi.gov.vn) · <hotro@hanoi.gov.vn>\n\n- một\n- hai\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        Assert.Contains("<em>nhấn mạnh</em>", html);
        Assert.Contains("<strong>đậm</strong>", html);
        Assert.Contains("<a href=\"https://dichvucong.hanoi.gov.vn\">Cổng dịch vụ công</a>", html);
        Assert.Contains("href=\"mailto:hotro@hanoi.gov.vn\"", html);
        Assert.Contains("<li>một</li>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("ảnh", SafeMarkdown.ToHtml("![ảnh](https://evil.example/p.png)"));
    }
}
