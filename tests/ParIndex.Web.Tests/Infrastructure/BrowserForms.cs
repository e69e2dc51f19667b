using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>One field of a form as a browser sends it.</summary>
public sealed record FormField(string Name, string Value, bool IsFile = false);

/// <summary>A <c>&lt;form method=post&gt;</c> of a page, as a browser would submit it with its default button.</summary>
public sealed record BrowserForm(int Index, string Action, string Handler, bool Multipart, IReadOnlyList<FormField> Fields, IReadOnlyDictionary<string, string> InputTypes)
{
    /// <summary>A <c>required</c> control is empty: a browser would not send the form unchanged (it asks for the field).</summary>
    public bool BlockedByBrowser { get; init; }

    /// <summary>Names a form in a failure message: its action and the first few field names.</summary>
    public string Describe() => $"form #{Index} → {Action} [{string.Join(", ", Fields.Select(f => f.Name).Where(n => !n.StartsWith("__", StringComparison.Ordinal)).Distinct().Take(6))}]";

    public HttpContent Content()
    {
        if (!Multipart) return new FormUrlEncodedContent(Fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var content = new MultipartFormDataContent();
        foreach (var f in Fields)
        {
            if (f.IsFile)
            {
                // A file input with no file chosen: a browser sends an empty part with an empty file name.
                var empty = new ByteArrayContent([]);
                empty.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                content.Add(empty, f.Name, "\"\"");
            }
            else content.Add(new StringContent(f.Value), f.Name);
        }
        return content;
    }
}

/// <summary>
/// Reads a page's POST forms the way a browser builds their submission (HTML's "constructing the entry list"): enabled
/// named controls only, checked boxes and radios, selected options (the first option of a single select when none is
/// marked), text areas, value sanitisation of number and date inputs (an invalid value is sent empty), and the default
/// button — the first submit button in tree order, with its name/value and its <c>formaction</c>.
/// </summary>
public static partial class BrowserForms
{
    public static async Task<IDocument> Parse(string html, Uri address)
    {
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(r => r.Content(html).Address(address));
    }

    public static List<BrowserForm> PostForms(IDocument document, Uri address)
    {
        var forms = new List<BrowserForm>();
        var all = document.Forms.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var form = all[i];
            if (!string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)) continue;
            forms.Add(Read(form, i, address));
        }
        return forms;
    }

    private static BrowserForm Read(IHtmlFormElement form, int index, Uri address)
    {
        var controls = form.Elements.ToList();
        var submitter = controls.FirstOrDefault(IsSubmitButton);
        var fields = new List<FormField>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in controls)
        {
            if (e.HasAttribute("disabled") || e.Closest("fieldset[disabled]") is not null) continue;
            var name = e.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            switch (e)
            {
                case IHtmlInputElement input:
                    var type = (input.GetAttribute("type") ?? "text").ToLowerInvariant();
                    if (type is "submit" or "image" or "button" or "reset")
                    {
                        if (ReferenceEquals(e, submitter)) fields.Add(new(name, input.GetAttribute("value") ?? ""));
                        continue;
                    }
                    types.TryAdd(name, type);
                    if (type is "checkbox" or "radio")
                    {
                        if (input.HasAttribute("checked")) fields.Add(new(name, input.GetAttribute("value") ?? "on"));
                        continue;
                    }
                    if (type == "file") { fields.Add(new(name, "", IsFile: true)); continue; }
                    fields.Add(new(name, Sanitise(type, input.GetAttribute("value") ?? "")));
                    break;
                case IHtmlButtonElement button:
                    if (ReferenceEquals(e, submitter)) fields.Add(new(name, button.GetAttribute("value") ?? ""));
                    break;
                case IHtmlSelectElement select:
                    types.TryAdd(name, "select");
                    var options = select.Options.Where(o => !o.HasAttribute("disabled")).ToList();
                    var selected = options.Where(o => o.HasAttribute("selected")).ToList();
                    if (selected.Count == 0 && !select.HasAttribute("multiple") && options.Count > 0) selected = [options[0]];
                    if (!select.HasAttribute("multiple") && selected.Count > 1) selected = [selected[^1]];
                    fields.AddRange(selected.Select(o => new FormField(name, o.GetAttribute("value") ?? o.TextContent)));
                    break;
                case IHtmlTextAreaElement area:
                    types.TryAdd(name, "textarea");
                    fields.Add(new(name, area.Value.Replace("\r\n", "\n").Replace("\n", "\r\n")));
                    break;
            }
        }
        var actionAttribute = submitter?.GetAttribute("formaction") ?? form.GetAttribute("action");
        var action = string.IsNullOrEmpty(actionAttribute) ? address : new Uri(address, System.Net.WebUtility.HtmlDecode(actionAttribute));
        var handler = HandlerOf(action.Query);
        var enctype = submitter?.GetAttribute("formenctype") ?? form.GetAttribute("enctype");
        // No enabled submit button: a browser has nothing to press (and implicit submission needs one).
        var blocked = submitter is null || submitter.HasAttribute("formnovalidate") != true && !form.HasAttribute("novalidate") && controls.Any(e =>
            e.HasAttribute("required") && !e.HasAttribute("disabled") && e switch
            {
                IHtmlInputElement i when (i.GetAttribute("type") ?? "text").ToLowerInvariant() is "checkbox" or "radio" => !i.HasAttribute("checked"),
                IHtmlInputElement i when (i.GetAttribute("type") ?? "").Equals("file", StringComparison.OrdinalIgnoreCase) => true,
                IHtmlInputElement i => string.IsNullOrEmpty(Sanitise((i.GetAttribute("type") ?? "text").ToLowerInvariant(), i.GetAttribute("value") ?? "")),
                IHtmlTextAreaElement t => string.IsNullOrEmpty(t.Value),
                IHtmlSelectElement s => string.IsNullOrEmpty(s.Options.FirstOrDefault(o => o.HasAttribute("selected"))?.GetAttribute("value") ?? s.Options.FirstOrDefault()?.GetAttribute("value")),
                _ => false,
            });
        return new BrowserForm(index, action.PathAndQuery, handler, string.Equals(enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase), fields, types) { BlockedByBrowser = blocked };
    }

    private static bool IsSubmitButton(IElement e) => e switch
    {
        IHtmlButtonElement b => (b.GetAttribute("type") ?? "submit").Equals("submit", StringComparison.OrdinalIgnoreCase) && !b.HasAttribute("disabled"),
        IHtmlInputElement i => (i.GetAttribute("type") ?? "").ToLowerInvariant() is "submit" or "image" && !i.HasAttribute("disabled"),
        _ => false,
    };

    private static string HandlerOf(string query) =>
        HandlerParameter().Match(query) is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : "";

    /// <summary>HTML's value sanitisation: what a browser keeps of a value attribute it cannot read as the input's type.</summary>
    public static string Sanitise(string type, string value) => type switch
    {
        "number" => ValidNumber().IsMatch(value) ? value : "",
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? value : "",
        "datetime-local" => LocalDateTime().IsMatch(value) ? value : "",
        "time" => TimeOfDay().IsMatch(value) ? value : "",
        "text" or "search" or "tel" or "password" => value.Replace("\r", "").Replace("\n", ""),
        _ => value,
    };

    [GeneratedRegex(@"(?:^|[?&])handler=([^&]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerParameter();

    // HTML's "valid floating-point number".
    [GeneratedRegex(@"^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")]
    private static partial Regex ValidNumber();

    [GeneratedRegex(@"^\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$")]
    private static partial Regex LocalDateTime();

    [GeneratedRegex(@"^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$")]
    private static partial Regex TimeOfDay();
}
