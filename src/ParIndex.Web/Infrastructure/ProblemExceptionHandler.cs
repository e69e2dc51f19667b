using Microsoft.AspNetCore.Diagnostics;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Rounds;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// The one error path for the API: a refused domain rule or an unreadable body becomes a ProblemDetails with a stable
/// type; anything else is logged and answered with a generic 500 that reveals nothing.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException d => Problems.Create(d.Code, d.Message),
            RequestValidationException v => Problems.Create("validation-failed", v.Message, new Dictionary<string, object?> { ["errors"] = v.Errors }),
            Core.Tabular.TabularFormatException t => Problems.Create("import-rejected", t.MessageVi),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.Create("payload-too-large"),
            BadHttpRequestException b => Problems.Create("malformed-request", b.Message),
            InvalidDataException f => Problems.Create("malformed-request", f.Message), // form limits (value count, length)
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problems.Create("internal-error");
        }
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
