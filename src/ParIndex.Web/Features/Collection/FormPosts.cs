using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// How the HTML forms (the personal link's, the public link's, the designer's preview) name their fields and how a post
/// is read back: <c>a.{item}</c> for a form-level item, <c>u|{unit}|{item}</c> for an item of a unit grid.
/// </summary>
public static class FormPosts
{
    public static string FieldName(string itemId, string? unit) => unit is null ? $"a.{itemId}" : $"u|{unit}|{itemId}";

    public static string FieldId(string itemId, string? unit) => unit is null ? $"q-{itemId}" : $"q-{unit}-{itemId}".Replace('.', '_');

    /// <summary>The answers of a posted form; repeated keys (checkboxes) are space-joined, text is NFC-normalised, empty values dropped.</summary>
    public static ResponseData ReadAnswers(IFormCollection form)
    {
        var data = new ResponseData();
        foreach (var (key, values) in form)
        {
            var value = string.Join(' ', values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
            if (value.Length == 0) continue;
            value = value.Normalize(System.Text.NormalizationForm.FormC);
            if (key.StartsWith("a.", StringComparison.Ordinal)) data.Set(key[2..], value);
            else if (key.StartsWith("u|", StringComparison.Ordinal) && key.Split('|') is [_, var unit, var item]) data.Set(item, value, unit);
        }
        return data;
    }
}

/// <summary>The class of device a form was answered on, for paradata and quality checks: one rule for every form.</summary>
public static class DeviceClass
{
    public const string Phone = "phone";
    public const string Tablet = "tablet";
    public const string Desktop = "desktop";

    /// <summary>
    /// From the User-Agent: a tablet says so (iPad, "Tablet", or Android without "Mobile"); a phone says "Mobi";
    /// anything else is a desktop. An iPad's Safari also says "Mobile", so the tablet test comes first.
    /// </summary>
    public static string Of(string? userAgent)
    {
        var ua = userAgent ?? "";
        if (ua.Contains("iPad", StringComparison.Ordinal) || ua.Contains("Tablet", StringComparison.Ordinal)
            || (ua.Contains("Android", StringComparison.Ordinal) && !ua.Contains("Mobile", StringComparison.Ordinal)))
            return Tablet;
        return ua.Contains("Mobi", StringComparison.Ordinal) ? Phone : Desktop;
    }
}
