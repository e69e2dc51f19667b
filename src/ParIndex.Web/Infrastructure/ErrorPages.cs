using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ParIndex.Web.Infrastructure;

/// <summary>What the error page shows: the catalogue's entry in the request's language, and where to go back to.</summary>
public sealed record ErrorView(int Status, string Code, string Title, string Back);

/// <summary>
/// The one error path's face for people: every ProblemDetails the app writes — a status the framework answered by itself
/// (404, 405, 400…), an exception (<see cref="ProblemExceptionHandler"/>), a refused domain rule — is written for a
/// browser (a request that accepts <c>text/html</c>, outside <c>/api/</c> and the hubs) as the Vietnamese (or English)
/// page <c>Features/Shared/Error.cshtml</c> in the layout with its menu and a way back, its text from the problem
/// catalogue only: never a stack trace, an exception's message or the framework's English. API clients keep ProblemDetails.
/// </summary>
internal sealed class HtmlProblemWriter(IRazorViewEngine views, ITempDataProvider tempData) : IProblemDetailsWriter
{
    public const string View = "/Features/Shared/Error.cshtml";

    public bool CanWrite(ProblemDetailsContext context) => IsBrowser(context.HttpContext.Request);

    public static bool IsBrowser(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/hubs") && !request.Path.StartsWithSegments("/problems")
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var type = context.ProblemDetails.Type;
        var code = type?.StartsWith("/problems/", StringComparison.Ordinal) == true ? type["/problems/".Length..] : Problems.CodeForStatus(status);
        var model = new ErrorView(status, code, Problems.Of(code).Title(Ui.Lang), LocalUrl.OrHome(Back(http.Request)));
        // An error answered before authentication ran (an unknown address) still shows the signed-in person's menu.
        if (http.User.Identity?.IsAuthenticated != true && await http.AuthenticateAsync() is { Succeeded: true } signedIn) http.User = signedIn.Principal!;
        var view = views.GetView(null, View, isMainPage: true).View ?? throw new InvalidOperationException($"{View} is missing.");
        var action = new ActionContext(http, http.GetRouteData(), new ActionDescriptor());
        var data = new ViewDataDictionary<ErrorView>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await view.RenderAsync(new ViewContext(action, view, data, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions()));
        await writer.FlushAsync();
    }

    /// <summary>Back to the page the person came from on this site, else the page above the one that failed, else home.</summary>
    private static string Back(HttpRequest request)
    {
        if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.Authority == request.Host.Value)
            return referer.PathAndQuery;
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        var cut = path.LastIndexOf('/');
        return cut > 0 ? path[..cut] : "/";
    }
}
