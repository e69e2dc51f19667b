using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// A page whose handlers may be refused: a <see cref="RequestValidationException"/> or <see cref="DomainException"/>
/// thrown by a handler becomes the page's <see cref="Errors"/>, and the page is shown again with its data through
/// <see cref="ShowRefusedAsync"/> (<see cref="RefusalPageFilter"/>) — one place instead of a catch in every handler.
/// </summary>
public abstract class RefusablePageModel : PageModel
{
    public List<string> Errors { get; } = [];

    /// <summary>The errors as one message, for pages that show a single line; setting it replaces them.</summary>
    public string? Error
    {
        get => Errors.Count == 0 ? null : string.Join(" ", Errors);
        protected set
        {
            Errors.Clear();
            if (value is not null) Errors.Add(value);
        }
    }

    /// <summary>Said when an optimistic-concurrency check failed (someone saved the same record first).</summary>
    protected virtual string ConcurrencyMessage => Ui.L("Dữ liệu vừa được người khác thay đổi. Hãy tải lại trang và thực hiện lại.",
        "Someone else changed this just now. Reload the page and try again.");

    /// <summary>The page again after a refused post: what it shows, the input as typed, <see cref="Errors"/> listed.</summary>
    protected internal abstract Task<IActionResult> ShowRefusedAsync(CancellationToken ct);

    internal string ConcurrencyText => ConcurrencyMessage;

    /// <summary>An int route value of the page's URL (e.g. the round's id) for <see cref="ShowRefusedAsync"/>.</summary>
    protected int RouteInt(string name) =>
        int.Parse(Convert.ToString(RouteData.Values[name], System.Globalization.CultureInfo.InvariantCulture) ?? "", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Turns a refused handler of a <see cref="RefusablePageModel"/> into its error list (nothing of the refused post is kept tracked).</summary>
internal sealed class RefusalPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // A value the binders could not read (InputValues: "1.000", a date that is no date, a required number left
        // empty) refuses the post before the handler runs: nothing is saved with a guessed or default value.
        if (!context.ModelState.IsValid && context.HandlerInstance is RefusablePageModel refused && context.HandlerMethod is not null)
        {
            refused.Errors.AddRange(context.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).Distinct());
            context.Result = await refused.ShowRefusedAsync(context.HttpContext.RequestAborted);
            return;
        }
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled || context.HandlerInstance is not RefusablePageModel page) return;
        IEnumerable<string>? messages = executed.Exception switch
        {
            RequestValidationException v => v.Errors.SelectMany(e => e.Value),
            DomainException d => [d.Message],
            DbUpdateConcurrencyException => [page.ConcurrencyText],
            _ => null,
        };
        if (messages is null) return;
        page.Errors.AddRange(messages);
        context.HttpContext.RequestServices.GetRequiredService<ParIndexDbContext>().ChangeTracker.Clear();
        executed.Result = await page.ShowRefusedAsync(context.HttpContext.RequestAborted);
        executed.ExceptionHandled = true;
    }
}
