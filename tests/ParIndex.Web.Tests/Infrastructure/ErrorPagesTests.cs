using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.SelfAssessment;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// Errors a person meets in a browser are pages in the layout, with the menu and a way back, in the request's language,
/// their text from the problem catalogue: every staff page with ids that do not exist (404, enumerated from the
/// endpoints), an address that does not exist, a page the role may not open (403), a post without its anti-forgery
/// token (400) and a failure inside a page (500, a fault injected in the test host). API clients keep ProblemDetails.
/// </summary>
public sealed partial class ErrorPagesTests(ErrorPagesTests.OwnApp app) : IClassFixture<ErrorPagesTests.OwnApp>
{
    /// <summary>The app with one fault: a request with <c>X-Test-Fault</c> fails inside the page, as a bug would.</summary>
    public sealed class OwnApp : SelfAssessmentApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(new Fault())));
        }
    }

    private sealed class Fault : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            if (context.HttpContext.Request.Headers.ContainsKey("X-Test-Fault"))
                throw new InvalidOperationException("Injected fault: System.Private.CoreLib stack trace text");
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
    }

    private static readonly Dictionary<string, (string Vi, string En)> Texts = new()
    {
        ["not-found"] = ("Không có mục này.", "The resource does not exist."),
        ["forbidden"] = ("Không có quyền truy cập", "Access denied"),
        ["internal-error"] = ("Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại.", "An unexpected error occurred; it has been logged."),
    };

    private static async Task<(HttpStatusCode Status, string Html)> Browse(HttpClient client, HttpMethod method, string path, bool fault = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (fault) request.Headers.Add("X-Test-Fault", "1");
        if (method == HttpMethod.Post) request.Content = new FormUrlEncodedContent([new("x", "1")]);
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Found) Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, html);
    }

    /// <summary>A person's error page: the layout's menu, a way back, the catalogue's text; nothing of an exception, no English in vi.</summary>
    private static IEnumerable<string> Problems(string where, string html, string text, string language)
    {
        if (!html.Contains("<nav", StringComparison.Ordinal)) yield return $"{where}: no menu";
        if (!html.Contains("id=\"back\"", StringComparison.Ordinal) && !html.Contains("href=\"/\"", StringComparison.Ordinal)) yield return $"{where}: no way back";
        if (text.Length > 0 && !html.Contains(text, StringComparison.Ordinal)) yield return $"{where}: does not say '{text}'";
        if (Leak().Match(html) is { Success: true } leak) yield return $"{where}: shows '{leak.Value}'";
        if (language == "vi" && English().Match(html) is { Success: true } english) yield return $"{where}: English '{english.Value}' in the Vietnamese page";
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public async Task A_browser_gets_every_error_as_a_page_with_the_menu_in_its_language(string language)
    {
        var walk = await Prepared.GetOrAdd(app, a => StaffWalk.Prepare(a));
        var failures = new List<string>();
        var walked = 0;
        foreach (var (route, policy) in walk.StaffPages().Where(p => p.Route.Contains('{')))
        {
            var client = await walk.ClientFor(policy, language);
            var path = Parameter().Replace(route, m => m.Groups["type"].Value == "int" || m.Groups["name"].Value.EndsWith("Id", StringComparison.Ordinal) ? "987654" : "khong-co");
            var (status, html) = await Browse(client, HttpMethod.Get, path);
            walked++;
            if (status != HttpStatusCode.NotFound) { failures.Add($"GET {path}: {(int)status}, not 404"); continue; }
            failures.AddRange(Problems($"GET {path}", html, language == "vi" ? Texts["not-found"].Vi : Texts["not-found"].En, language));
        }
        Assert.True(walked >= 20, $"only {walked} pages with route values");

        var admin = await walk.ClientFor(Policies.Design, language);
        var (unknown, unknownHtml) = await Browse(admin, HttpMethod.Get, "/khong-co-trang-nay");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        failures.AddRange(Problems("unknown address", unknownHtml, language == "vi" ? Texts["not-found"].Vi : Texts["not-found"].En, language));

        var (fault, faultHtml) = await Browse(admin, HttpMethod.Get, $"/rounds/{walk.Ids.RoundId}/groups", fault: true);
        Assert.Equal(HttpStatusCode.InternalServerError, fault);
        failures.AddRange(Problems("fault in a page", faultHtml, language == "vi" ? Texts["internal-error"].Vi : Texts["internal-error"].En, language));

        var (noToken, noTokenHtml) = await Browse(admin, HttpMethod.Post, $"/rounds/{walk.Ids.RoundId}/groups?handler=Save");
        Assert.True((int)noToken is 400 or 403, $"a post without its anti-forgery token answered {(int)noToken}");
        failures.AddRange(Problems("post without a token", noTokenHtml, "", language));

        var reporter = await walk.ClientFor(Policies.SelfAssess, language);
        var (redirect, _) = await Browse(reporter, HttpMethod.Get, "/admin/users");
        Assert.Equal(HttpStatusCode.Found, redirect);
        var (denied, deniedHtml) = await Browse(reporter, HttpMethod.Get, "/denied");
        Assert.Equal(HttpStatusCode.Forbidden, denied);
        failures.AddRange(Problems("wrong role", deniedHtml, language == "vi" ? Texts["forbidden"].Vi : Texts["forbidden"].En, language));

        Assert.True(failures.Count == 0, $"{failures.Count} error pages are not pages for people:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Api_clients_keep_problem_details_for_the_same_errors()
    {
        var walk = await Prepared.GetOrAdd(app, a => StaffWalk.Prepare(a));
        var admin = await walk.ClientFor(Policies.Design, "vi");
        foreach (var (path, accept, status) in new[]
                 {
                     ("/api/v1/rounds/987654", "text/html", 404), ("/rounds/987654/groups", "application/json", 404),
                     ($"/rounds/{walk.Ids.RoundId}/groups", "application/json", 500),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            if (status == 500) request.Headers.Add("X-Test-Fault", "1");
            using var response = await admin.SendAsync(request);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Injected fault", await response.Content.ReadAsStringAsync());
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<OwnApp, Task<StaffWalk>> Prepared = new();

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(?::(?<type>[a-z]+))?\??\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"Exception|Injected fault|StackTrace|   at [A-Z]\w+\.|CoreLib")]
    private static partial Regex Leak();

    [GeneratedRegex(@"\b(Not Found|Forbidden|Bad Request|Internal Server Error|Status Code|An error occurred)\b")]
    private static partial Regex English();
}
