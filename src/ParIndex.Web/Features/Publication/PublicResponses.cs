using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ParIndex.Core.Publication;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// The public site's HTTP rules in one place. A published version never changes, so what a URL shows is fixed by the
/// version and the URL: the language is read from the URL alone (<c>?lang=en</c>, Vietnamese otherwise — never from a
/// cookie), every answer carries a strong ETag computed from the snapshot's hash and the URL before anything is rendered (a
/// matching If-None-Match is a 304 with no work), and a rendered body is kept once, pre-compressed (Brotli and gzip), for
/// the next reader — on results day the overview is rendered once per variant, not once per visitor.
/// </summary>
public sealed class PublicResponses
{
    /// <summary>How long a browser or proxy may reuse an answer without asking (a correction shows within this time).</summary>
    public const string CacheControl = "public, max-age=60";

    /// <summary>The query parameters that change what a public page shows; every other parameter is ignored.</summary>
    public static readonly string[] Parameters = ["lang", "phien-ban", "loai", "xep"];

    private const int MaxEntries = 4000;

    /// <summary>A build's identity: a new deployment renders differently, so its ETags differ.</summary>
    private static readonly string Build = typeof(PublicResponses).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly ConcurrentDictionary<string, Body> bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Body>> inFlight = new(StringComparer.Ordinal);

    /// <summary>A body ready to send: the bytes as rendered and pre-compressed.</summary>
    public sealed record Body(string ContentType, byte[] Raw, byte[] Brotli, byte[] Gzip, string? FileName)
    {
        public static Body Of(string contentType, byte[] raw, string? fileName = null)
        {
            var br = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
            if (!BrotliEncoder.TryCompress(raw, br, out var written, quality: 9, window: 22)) throw new InvalidOperationException("Brotli failed");
            using var gz = new MemoryStream();
            using (var z = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(raw);
            return new Body(contentType, raw, br[..written], gz.ToArray(), fileName);
        }
    }

    /// <summary>The reader's language from the URL only (so that one URL is one answer): English with <c>lang=en</c>.</summary>
    public static void UseUrlLanguage(HttpContext http)
    {
        var culture = string.Equals(http.Request.Query["lang"], "en", StringComparison.OrdinalIgnoreCase) ? ParIndexApp.Cultures[1] : ParIndexApp.Cultures[0];
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>The cache key of a request: the publication shown, the path and the parameters that matter (in a fixed order).</summary>
    public static string Key(PublishedVersion shown, HttpRequest request) =>
        $"{shown.PublicationId}|{request.Path.Value}|{string.Join('&', Parameters.Select(p => $"{p}={request.Query[p]}"))}";

    public static string ETag(PublishedVersion shown, string key) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Build}|{shown.SnapshotHash}|{key}")))[..32] + "\"";

    /// <summary>Whether the request already holds this answer (If-None-Match with the ETag, or *).</summary>
    public static bool NotModified(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*" || t.Trim() == "W/" + etag));

    public bool TryGet(string key, out Body body) => bodies.TryGetValue(key, out body!);

    public void Keep(string key, Body body)
    {
        if (bodies.Count >= MaxEntries) bodies.Clear(); // bounded: a flood of odd URLs costs renders, never memory
        bodies[key] = body;
    }

    /// <summary>Sets the validator and caching headers every public answer carries.</summary>
    public static void Headers(HttpResponse response, string etag)
    {
        response.Headers.ETag = etag;
        response.Headers.CacheControl = CacheControl;
        response.Headers.Vary = "Accept-Encoding";
    }

    /// <summary>Writes a kept body in the best encoding the client accepts (set before the first byte, so no other compression runs).</summary>
    public static async Task WriteAsync(HttpContext http, Body body, string etag)
    {
        var accept = http.Request.Headers.AcceptEncoding.ToString();
        var (bytes, encoding) = accept.Contains("br", StringComparison.OrdinalIgnoreCase) ? (body.Brotli, "br")
            : accept.Contains("gzip", StringComparison.OrdinalIgnoreCase) ? (body.Gzip, "gzip") : (body.Raw, (string?)null);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = body.ContentType;
        Headers(response, etag);
        if (encoding is not null) response.Headers.ContentEncoding = encoding;
        if (body.FileName is not null) response.Headers.ContentDisposition = $"attachment; filename=\"{body.FileName}\"";
        response.ContentLength = bytes.Length;
        if (HttpMethods.IsHead(http.Request.Method)) return;
        await response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    /// <summary>
    /// The whole rule for a file of a publication (open data, report): 404 when not published, 304 when the client has it,
    /// else the kept body, made by <paramref name="produce"/> on first request.
    /// </summary>
    public async Task<IResult> ServeAsync(HttpContext http, PublishedResultsCache cache, string roundCode, string contentType, string? fileName,
        Func<PublishedView, CancellationToken, Task<byte[]>> produce)
    {
        UseUrlLanguage(http);
        var version = int.TryParse(http.Request.Query["phien-ban"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        if (await cache.FindAsync(roundCode, version, http.RequestAborted) is not { } view) return PublicNotFound.Result();
        var key = Key(view.Shown, http.Request);
        var etag = ETag(view.Shown, key);
        if (NotModified(http.Request, etag))
        {
            Headers(http.Response, etag);
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        if (!TryGet(key, out var body))
        {
            // One production per URL however many ask at once (the report's PDF takes Chromium seconds); not tied to the
            // first caller's request, so its leaving does not cancel the others'.
            var making = inFlight.GetOrAdd(key, _ => Task.Run(async () => Body.Of(contentType, await produce(view, CancellationToken.None), fileName)));
            try { body = await making.WaitAsync(http.RequestAborted); }
            finally { if (making.IsCompleted) inFlight.TryRemove(new KeyValuePair<string, Task<Body>>(key, making)); }
            Keep(key, body);
        }
        await WriteAsync(http, body, etag);
        return Results.Empty;
    }
}

/// <summary>
/// The filter of the public pages: the URL's language, the publication (404 when the round has none or the version does not
/// exist), the ETag and 304, and the kept pre-compressed body; the page itself runs only for the first reader of a URL.
/// The page reads the publication from <see cref="Current"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicPageAttribute : Attribute, IAsyncResourceFilter
{
    public static PublishedView? Current(HttpContext http) => http.Items[typeof(PublishedView)] as PublishedView;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        PublicResponses.UseUrlLanguage(http);
        // Only reading is public; a page of the site list (no round in the address) is not a publication's and is not kept.
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || context.RouteData.Values["roundCode"] is not string roundCode)
        {
            await next();
            return;
        }
        var cache = http.RequestServices.GetRequiredService<PublishedResultsCache>();
        var responses = http.RequestServices.GetRequiredService<PublicResponses>();
        var version = int.TryParse(http.Request.Query["phien-ban"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        if (await cache.FindAsync(roundCode, version, http.RequestAborted) is not { } view)
        {
            context.Result = new PublicNotFound();
            return;
        }
        http.Items[typeof(PublishedView)] = view;
        var key = PublicResponses.Key(view.Shown, http.Request);
        var etag = PublicResponses.ETag(view.Shown, key);
        if (PublicResponses.NotModified(http.Request, etag))
        {
            PublicResponses.Headers(http.Response, etag);
            context.Result = new StatusCodeResult(StatusCodes.Status304NotModified);
            return;
        }
        if (responses.TryGet(key, out var kept))
        {
            context.Result = new KeptBody(kept, etag);
            return;
        }
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        ResourceExecutedContext executed;
        try { executed = await next(); }
        finally { http.Response.Body = original; }
        if (executed.Exception is not null && !executed.ExceptionHandled) return;
        if (http.Response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0)
        {
            var body = PublicResponses.Body.Of(http.Response.ContentType ?? "text/html; charset=utf-8", buffer.ToArray());
            responses.Keep(key, body);
            await PublicResponses.WriteAsync(http, body, etag);
        }
        else
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }
    }

    private sealed class KeptBody(PublicResponses.Body body, string etag) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => PublicResponses.WriteAsync(context.HttpContext, body, etag);
    }
}

/// <summary>The public site's "not published" answer: 404 with a short page in the reader's language (it says nothing of what exists).</summary>
public sealed class PublicNotFound : IActionResult
{
    public static IResult Result() => Results.Content(Html(), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Html(), context.HttpContext.RequestAborted);
    }

    private static string Html()
    {
        var en = Infrastructure.Ui.IsEnglish;
        return $"""
            <!DOCTYPE html><html lang="{(en ? "en" : "vi")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{(en ? "No published results" : "Không có kết quả công bố")}</title><link rel="stylesheet" href="/css/public.css"></head>
            <body class="public"><main><h1>{(en ? "No published results here" : "Không có kết quả công bố tại địa chỉ này")}</h1>
            <p>{(en ? "Results appear here once they are published." : "Kết quả chỉ xuất hiện tại đây sau khi được công bố.")}</p>
            <p><a href="/cong-bo{(en ? "?lang=en" : "")}">{(en ? "Published results" : "Các kết quả đã công bố")}</a></p></main></body></html>
            """;
    }
}
