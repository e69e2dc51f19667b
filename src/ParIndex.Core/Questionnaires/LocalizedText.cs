namespace ParIndex.Core.Questionnaires;

/// <summary>
/// A text in several languages, keyed by a short language code ("vi", "en").
/// Stored as a plain map so YAML and JSON read naturally: <c>{ vi: "…", en: "…" }</c>.
/// </summary>
public sealed class LocalizedText : Dictionary<string, string>
{
    /// <summary>Creates an empty text.</summary>
    public LocalizedText() : base(StringComparer.Ordinal) { }

    /// <summary>Creates a text from a Vietnamese and an optional English version.</summary>
    public LocalizedText(string vi, string? en = null) : this()
    {
        this["vi"] = vi;
        if (en is not null)
        {
            this["en"] = en;
        }
    }

    /// <summary>
    /// The text in <paramref name="language"/>, else Vietnamese, else any language, else "".
    /// Falling back rather than failing keeps a half-translated draft usable in preview.
    /// </summary>
    public string Get(string language)
    {
        if (TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }
        if (TryGetValue("vi", out var vi) && !string.IsNullOrWhiteSpace(vi))
        {
            return vi;
        }
        return Values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";
    }
}
