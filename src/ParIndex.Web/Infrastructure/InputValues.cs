using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// The one policy for numbers, dates and times in forms (docs/decisions/0007-form-values-are-culture-neutral.md), both
/// ways: what a page writes into an input's <c>value</c> (<see cref="Of(decimal?)"/> and its overloads) and how a posted
/// value is read back (<see cref="TryNumber(string, out decimal, out string?)"/>, <see cref="TryDate"/>, <see cref="TryInstant"/>, <see cref="TryTime"/>,
/// used by <see cref="InputValueBinderProvider"/> for every page). Written values are culture-neutral — numbers with
/// <c>.</c> and no grouping, dates ISO, instants in Hanoi time — because that is what a <c>type=number</c>/<c>date</c>/
/// <c>datetime-local</c> input takes and sends in every browser language; read values also accept what a Vietnamese
/// person types in a text input (<c>0,3</c>, <c>24/11/2026</c>). A value that could mean two numbers (<c>1.000</c>:
/// one, or a thousand with a Vietnamese group separator) is refused with a message, never guessed.
/// </summary>
public static partial class InputValues
{
    /// <summary>A number for an input: invariant, no grouping, never in the ambiguous shape <c>1.000</c> (written <c>1.0000</c>).</summary>
    public static string Of(decimal? value) => value is { } v ? Unambiguous(v.ToString("0.############################", CultureInfo.InvariantCulture)) : "";

    /// <inheritdoc cref="Of(decimal?)"/>
    public static string Of(double? value) => value is { } v ? Unambiguous(v.ToString("R", CultureInfo.InvariantCulture)) : "";

    /// <summary>A day for a <c>type=date</c> input: <c>2026-11-24</c>.</summary>
    public static string Of(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A stored (UTC) instant for a <c>type=datetime-local</c> input, as read in Hanoi: <c>2026-11-24T01:30</c>.</summary>
    public static string Of(DateTime? utc) => utc is { } u ? HanoiTime.ToLocal(u).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>An instant for a hidden field that only the app reads back (round-trip format with its UTC mark).</summary>
    public static string Instant(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The framework's own binding messages (a field missing, a value it cannot read) in the request's language.</summary>
    public static void SayBindingErrors(Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.DefaultModelBindingMessageProvider messages)
    {
        messages.SetValueMustNotBeNullAccessor(v => Ui.L("Hãy nhập giá trị cho mọi ô bắt buộc.", "Fill in every required field."));
        messages.SetMissingBindRequiredValueAccessor(f => Ui.L("Thiếu một giá trị bắt buộc.", "A required value is missing."));
        messages.SetMissingKeyOrValueAccessor(() => Ui.L("Thiếu một giá trị bắt buộc.", "A required value is missing."));
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Ui.L("Yêu cầu không có nội dung.", "The request has no body."));
        messages.SetAttemptedValueIsInvalidAccessor((v, f) => Ui.L($"«{v}» không hợp lệ.", $"“{v}” is not valid."));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(v => Ui.L($"«{v}» không hợp lệ.", $"“{v}” is not valid."));
        messages.SetUnknownValueIsInvalidAccessor(f => Ui.L("Một giá trị không hợp lệ.", "A value is not valid."));
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Ui.L("Một giá trị không hợp lệ.", "A value is not valid."));
        messages.SetValueIsInvalidAccessor(v => Ui.L($"«{v}» không hợp lệ.", $"“{v}” is not valid."));
        messages.SetValueMustBeANumberAccessor(f => Ui.L("Hãy nhập một số.", "Enter a number."));
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Ui.L("Hãy nhập một số.", "Enter a number."));
    }

    private static string Unambiguous(string text) => Ambiguous().IsMatch(text) ? text + "0" : text;

    /// <summary>
    /// Reads a number as a browser sends it (<c>0.3</c>) or a person types it (<c>0,3</c>): one decimal mark, <c>.</c> or
    /// <c>,</c>, no grouping. Refuses (with the text of <paramref name="error"/>) group separators, two marks, and the
    /// ambiguous <c>1.000</c>/<c>1,500</c> shape.
    /// </summary>
    public static bool TryNumber(string text, out decimal value, out string? error)
    {
        value = 0;
        if ((error = Refusal(text, out var t)) is not null) return false;
        if (decimal.TryParse(t, Styles, CultureInfo.InvariantCulture, out value)) return true;
        error = Ui.L($"«{text.Trim()}» quá lớn.", $"“{text.Trim()}” is too large.");
        return false;
    }

    /// <inheritdoc cref="TryNumber(string, out decimal, out string?)"/>
    public static bool TryNumber(string text, out double value, out string? error)
    {
        value = 0;
        if ((error = Refusal(text, out var t)) is not null) return false;
        if (double.TryParse(t, Styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return true;
        error = Ui.L($"«{text.Trim()}» quá lớn.", $"“{text.Trim()}” is too large.");
        return false;
    }

    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Why <paramref name="text"/> is not a number under the policy (null if it is), and the text with its decimal mark as <c>.</c>.</summary>
    private static string? Refusal(string text, out string normalised)
    {
        var t = text.Trim();
        normalised = t.Replace(',', '.');
        if (Ambiguous().IsMatch(t))
            return Ui.L($"«{t}» không rõ nghĩa: dấu chấm hoặc dấu phẩy trước đúng ba chữ số có thể là dấu phân cách hàng nghìn. Viết số không có dấu phân cách hàng nghìn (1000) và dùng dấu phẩy hoặc dấu chấm cho phần thập phân (1,5 hay 1.5).",
                $"“{t}” is ambiguous: a point or comma before exactly three digits may be a thousands separator. Write numbers without thousands separators (1000) and use a point or a comma for decimals (1.5 or 1,5).");
        if (Number().IsMatch(t)) return null;
        return t.Count(c => c is '.' or ',') > 1 && Number().IsMatch(t.Replace(".", "").Replace(",", ""))
            ? Ui.L($"«{t}» có dấu phân cách hàng nghìn: hãy viết số không có dấu phân cách (1000) và chỉ một dấu thập phân (1,5).",
                $"“{t}” has thousands separators: write the number without them (1000) with at most one decimal mark (1.5).")
            : Ui.L($"«{t}» không phải là một số.", $"“{t}” is not a number.");
    }

    /// <summary>A day as a <c>type=date</c> input sends it (<c>2026-11-24</c>) or as a person types it (<c>24/11/2026</c>).</summary>
    public static bool TryDate(string text, out DateOnly value, out string? error)
    {
        error = null;
        if (DateOnly.TryParseExact(text.Trim(), DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)) return true;
        error = Ui.L($"«{text.Trim()}» không phải là ngày: viết theo dạng ngày/tháng/năm (24/11/2026).", $"“{text.Trim()}” is not a date: write it as day/month/year (24/11/2026).");
        return false;
    }

    /// <summary>
    /// An instant typed or sent in Hanoi time (<c>2026-11-24T01:30</c>, <c>24/11/2026 01:30</c>, or a day alone = its
    /// midnight), stored as UTC; a value carrying its own offset (<c>…Z</c>, <c>+07:00</c>) is that instant.
    /// </summary>
    public static bool TryInstant(string text, out DateTime utc, out string? error)
    {
        error = null;
        var t = text.Trim();
        if (Offset().IsMatch(t) && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            utc = withOffset.UtcDateTime;
            return true;
        }
        // The first 7 hours of year 1 have no UTC instant (a boundary value, not a date anyone types).
        if (DateTime.TryParseExact(t, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var hanoi) && hanoi >= DateTime.MinValue + HanoiTime.Offset)
        {
            utc = HanoiTime.ToUtc(hanoi);
            return true;
        }
        utc = default;
        error = Ui.L($"«{t}» không phải là ngày giờ: viết theo dạng ngày/tháng/năm giờ:phút, giờ Hà Nội (24/11/2026 08:30).",
            $"“{t}” is not a date and time: write it as day/month/year hours:minutes, Hanoi time (24/11/2026 08:30).");
        return false;
    }

    /// <summary>A time of day, <c>08:30</c> (a <c>type=time</c> input) or <c>08:30:15</c>.</summary>
    public static bool TryTime(string text, out TimeOnly value, out string? error)
    {
        error = null;
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value)) return true;
        error = Ui.L($"«{text.Trim()}» không phải là giờ: viết theo dạng giờ:phút (08:30).", $"“{text.Trim()}” is not a time: write it as hours:minutes (08:30).");
        return false;
    }

    private static readonly string[] DayFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
        "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm", "dd/MM/yyyy HH:mm:ss", "yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy",
    ];

    /// <summary>A sign, digits, at most one decimal mark (<c>.</c> or <c>,</c>), and an exponent as HTML number inputs allow.</summary>
    [GeneratedRegex(@"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$")]
    private static partial Regex Number();

    /// <summary>1 to 3 digits (not a lone 0), one mark, exactly three digits: a decimal to some, a thousands group to others.</summary>
    [GeneratedRegex(@"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")]
    private static partial Regex Ambiguous();

    [GeneratedRegex(@"(?:Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();
}

/// <summary>
/// Binds decimal, double, float, DateOnly, DateTime (Hanoi time in, UTC out), DateTimeOffset and TimeOnly — and their
/// nullable forms — of every page with <see cref="InputValues"/>, whatever the request's culture: registered once, so no
/// page can read <c>1.0</c> as ten again. An unreadable value is a model error with the policy's message (the page
/// shows it through <see cref="RefusalPageFilter"/>); an empty one is null, or "required" for a non-nullable type.
/// </summary>
public sealed class InputValueBinderProvider : IModelBinderProvider
{
    private static readonly HashSet<Type> Handled =
        [typeof(decimal), typeof(double), typeof(float), typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeOnly)];

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        Handled.Contains(context.Metadata.UnderlyingOrModelType) ? new InputValueBinder() : null;

    private sealed class InputValueBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var found = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (found == ValueProviderResult.None) return Task.CompletedTask;
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, found);
            var text = found.FirstValue ?? "";
            var metadata = bindingContext.ModelMetadata;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (metadata.IsReferenceOrNullableType) bindingContext.Result = ModelBindingResult.Success(null);
                else bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, metadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(text));
                return Task.CompletedTask;
            }
            var type = metadata.UnderlyingOrModelType;
            object? value = null;
            string? error;
            if (type == typeof(DateOnly)) { if (InputValues.TryDate(text, out var d, out error)) value = d; }
            else if (type == typeof(DateTime)) { if (InputValues.TryInstant(text, out var t, out error)) value = t; }
            else if (type == typeof(DateTimeOffset)) { if (InputValues.TryInstant(text, out var t, out error)) value = new DateTimeOffset(t, TimeSpan.Zero); }
            else if (type == typeof(TimeOnly)) { if (InputValues.TryTime(text, out var t, out error)) value = t; }
            else if (type == typeof(decimal)) { if (InputValues.TryNumber(text, out decimal n, out error)) value = n; }
            else if (InputValues.TryNumber(text, out double x, out error)) value = type == typeof(double) ? x : (object)(float)x;
            if (error is not null) bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, error);
            else bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }
    }
}
