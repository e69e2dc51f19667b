using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// The catalogue of API problems. Every failure carries a stable <c>type</c> of the form <c>/problems/{code}</c>;
/// <c>GET /problems/{code}</c> explains it to a person.
/// </summary>
public static class Problems
{
    public static readonly IReadOnlyDictionary<string, (int Status, string Title)> Catalogue = new Dictionary<string, (int, string)>
    {
        ["validation-failed"] = (400, "The request has invalid fields."),
        ["malformed-request"] = (400, "The request body could not be read."),
        ["not-found"] = (404, "The resource does not exist."),
        ["token-invalid"] = (404, "The link is not valid."),
        ["token-revoked"] = (410, "The link was revoked."),
        ["token-expired"] = (410, "The link has expired or is not yet open."),
        ["token-used"] = (410, "This link was already used to answer."),
        ["round-structure-locked"] = (409, "The round's structure cannot change this way because responses depend on it."),
        ["round-code-taken"] = (409, "A round with this code already exists."),
        ["points-mismatch"] = (400, "Maximum points do not add up."),
        ["import-rejected"] = (400, "The file has errors; nothing was imported."),
        ["questionnaire-not-draft"] = (409, "Only a draft questionnaire version can be published."),
        ["questionnaire-frozen"] = (409, "A published questionnaire version never changes."),
        ["response-already-submitted"] = (409, "This response was already submitted."),
        ["response-conflict"] = (409, "Another response already exists for this respondent."),
        ["invitation-revoked"] = (409, "This invitation was revoked."),
        ["invitation-used"] = (409, "This invitation was already used."),
        ["audit-append-only"] = (409, "Audit entries are append-only."),
        ["unauthenticated"] = (401, "Sign in to use this resource."),
        ["forbidden"] = (403, "Your role does not allow this."),
        ["cross-site-request"] = (403, "A call that changes data with the sign-in cookie must come from a ParIndex page: send JSON (or the file's own type) or the X-Requested-With header, from this site."),
        ["login-failed"] = (401, "Wrong e-mail or password."),
        ["locked-out"] = (423, "The account is locked by an administrator."),
        ["rate-limited"] = (429, "Too many requests; wait and retry (see Retry-After)."),
        ["payload-too-large"] = (413, "The request body is larger than the server accepts."),
        ["unsupported-media-type"] = (415, "The request body has a content type this endpoint does not accept."),
        ["method-not-allowed"] = (405, "This resource does not accept this HTTP method."),
        ["internal-error"] = (500, "An unexpected error occurred; it has been logged."),
        ["server-busy"] = (503, "The server is taking in a burst of submissions; nothing was stored. Retry with the same clientId after Retry-After seconds."),
    };

    public static string TypeOf(string code) => $"/problems/{code}";

    /// <summary>The catalogue code for a status the framework answered by itself (no handler ran).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        429 => "rate-limited",
        >= 500 => "internal-error",
        _ => "malformed-request",
    };

    public static ProblemDetails Create(string code, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var (status, title) = Catalogue.TryGetValue(code, out var known) ? known : (400, code);
        var problem = new ProblemDetails { Type = TypeOf(code), Title = title, Status = status, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        }
        return problem;
    }

    public static ProblemHttpResult Result(string code, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Create(code, detail, extensions));

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Result("validation-failed", detail ?? "See errors.", new Dictionary<string, object?> { ["errors"] = errors });

    public static void MapProblemCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/problems", () => TypedResults.Ok(Catalogue.Select(p => new { type = TypeOf(p.Key), status = p.Value.Status, title = p.Value.Title })))
            .WithTags("Problems").ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/problems/{code}", Results<Ok<ProblemDetails>, NotFound> (string code) =>
                Catalogue.ContainsKey(code) ? TypedResults.Ok(Create(code)) : TypedResults.NotFound())
            .WithTags("Problems").ExcludeFromDescription().AllowAnonymous();
    }
}
