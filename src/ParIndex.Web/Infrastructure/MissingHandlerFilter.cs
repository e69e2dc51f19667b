using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// A request no handler of the page takes — a POST to a read-only page, say — answers 405 instead of rendering the page
/// without its handler having run (which left the model empty: a 500). One filter for every page, so a new read-only
/// page needs no <c>OnPost() =&gt; 405</c> of its own.
/// </summary>
public sealed class MissingHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0)
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
