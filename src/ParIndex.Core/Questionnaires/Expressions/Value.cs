using System.Globalization;

namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>Type of a <see cref="Value"/>.</summary>
public enum ValueKind
{
    /// <summary>No value: an unanswered or hidden item, a failed conversion, a division by zero.</summary>
    Missing,
    /// <summary>A finite double.</summary>
    Number,
    /// <summary>A non-empty string (the empty string is <see cref="Missing"/>).</summary>
    String,
    /// <summary>True or false.</summary>
    Boolean,
    /// <summary>A calendar date.</summary>
    Date,
}

/// <summary>
/// A typed value with XLSForm-like coercions. Conversions never throw:
/// as a number, missing and unparsable text are NaN; as text, missing is "";
/// as a boolean, missing is false; a date as a number is days since 1970-01-01.
/// </summary>
public readonly record struct Value
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>The type.</summary>
    public ValueKind Kind { get; }
    private readonly double _number;
    private readonly string? _text;
    private readonly bool _bool;
    private readonly DateOnly _date;

    private Value(ValueKind kind, double number = 0, string? text = null, bool b = false, DateOnly date = default)
    {
        Kind = kind; _number = number; _text = text; _bool = b; _date = date;
    }

    /// <summary>The missing value.</summary>
    public static Value Missing => default;

    /// <summary>True.</summary>
    public static Value True => new(ValueKind.Boolean, b: true);

    /// <summary>False.</summary>
    public static Value False => new(ValueKind.Boolean, b: false);

    /// <summary>A number; NaN and infinities become <see cref="Missing"/>.</summary>
    public static Value Number(double d) => double.IsFinite(d) ? new(ValueKind.Number, number: d) : Missing;

    /// <summary>A string; null or "" become <see cref="Missing"/>.</summary>
    public static Value String(string? s) => string.IsNullOrEmpty(s) ? Missing : new(ValueKind.String, text: s);

    /// <summary>A boolean.</summary>
    public static Value Boolean(bool b) => b ? True : False;

    /// <summary>A date.</summary>
    public static Value Date(DateOnly d) => new(ValueKind.Date, date: d);

    /// <summary>True when missing.</summary>
    public bool IsMissing => Kind == ValueKind.Missing;

    /// <summary>The value as a number: booleans 1/0, dates days since 1970-01-01, text parsed (invariant), else NaN.</summary>
    public double AsNumber() => Kind switch
    {
        ValueKind.Number => _number,
        ValueKind.Boolean => _bool ? 1 : 0,
        ValueKind.Date => _date.DayNumber - Epoch.DayNumber,
        ValueKind.String => ParseNumber(_text!),
        _ => double.NaN,
    };

    /// <summary>The value as text: numbers invariant and shortest round-trip, booleans "true"/"false", dates yyyy-MM-dd, missing "".</summary>
    public string AsString() => Kind switch
    {
        ValueKind.Number => FormatNumber(_number),
        ValueKind.String => _text!,
        ValueKind.Boolean => _bool ? "true" : "false",
        ValueKind.Date => _date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>The value as a boolean: numbers non-zero, text non-empty, dates true, missing false.</summary>
    public bool AsBoolean() => Kind switch
    {
        ValueKind.Boolean => _bool,
        ValueKind.Number => _number != 0,
        ValueKind.String => true,
        ValueKind.Date => true,
        _ => false,
    };

    /// <summary>The value as a date: dates as is, text parsed as yyyy-MM-dd, numbers as days since 1970-01-01; else null.</summary>
    public DateOnly? AsDate() => Kind switch
    {
        ValueKind.Date => _date,
        ValueKind.String => ParseDate(_text!),
        ValueKind.Number when Math.Abs(_number) < 3_000_000 => Epoch.AddDays((int)Math.Floor(_number)),
        _ => null,
    };

    /// <summary>Parses an invariant-culture number ("3", "-2.5"); NaN when not a number.</summary>
    public static double ParseNumber(string s)
    {
        s = s.Trim();
        return s.Length > 0 && double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : double.NaN;
    }

    /// <summary>Parses an ISO date yyyy-MM-dd; null otherwise.</summary>
    public static DateOnly? ParseDate(string s) =>
        DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Formats a number the way answers are stored: invariant culture, no trailing zeros, "2" not "2.0".</summary>
    public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Kind == ValueKind.Missing ? "(missing)" : AsString();
}
