using System.Globalization;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// What a respondent's client may say about how it answered — its language, its kind of device, when it started —
/// checked before anything is stored, on every path that takes it (the respondent API, the personal-link form, the
/// public-link form). Paradata feeds the quality checks (speeders, devices) and is stored as sent, so it is held to a
/// closed list of values and a plausible time window, and a refusal names the field:
/// <list type="bullet">
/// <item><c>language</c>: <c>vi</c> or <c>en</c> (the languages of the forms);</item>
/// <item><c>deviceClass</c>: <c>phone</c>, <c>tablet</c> or <c>desktop</c>;</item>
/// <item><c>startedAt</c>: no later than now plus <see cref="ClockSkew"/> (a phone's clock may run a little fast), and
/// no earlier than the day before the round's period starts, nor more than <see cref="MaxAge"/> ago.</item>
/// </list>
/// </summary>
public static class ParadataRules
{
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    public static readonly IReadOnlyList<string> DeviceClasses = ["phone", "tablet", "desktop"];

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(366);

    /// <summary>Problems by field (the API's names); empty when every field given holds. Null fields are not checked.</summary>
    public static Dictionary<string, string[]> Check(string? language, string? deviceClass, DateTime? startedAt, Round round, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (language is not null && !Languages.Contains(language))
            errors["language"] = [$"Ngôn ngữ phải là một trong: {string.Join(", ", Languages)} (nhận được {Shown(language)}). / language must be one of: {string.Join(", ", Languages)}."];
        if (deviceClass is not null && !DeviceClasses.Contains(deviceClass))
            errors["deviceClass"] = [$"Loại thiết bị phải là một trong: {string.Join(", ", DeviceClasses)} (nhận được {Shown(deviceClass)}). / deviceClass must be one of: {string.Join(", ", DeviceClasses)}."];
        if (startedAt is { } s && StartedAtProblem(s, round, now) is { } problem) errors["startedAt"] = [problem];
        return errors;
    }

    /// <summary>Why <paramref name="startedAt"/> is implausible for <paramref name="round"/> at <paramref name="now"/>, or null.</summary>
    public static string? StartedAtProblem(DateTime startedAt, Round round, DateTime now)
    {
        var utc = startedAt.Kind == DateTimeKind.Local ? startedAt.ToUniversalTime() : startedAt;
        var (earliest, latest) = Window(round, now);
        return utc >= earliest && utc <= latest ? null
            : $"Thời điểm bắt đầu trả lời phải trong khoảng {earliest:dd/MM/yyyy HH:mm} đến {latest:dd/MM/yyyy HH:mm} (UTC); nhận được {utc.ToString("O", CultureInfo.InvariantCulture)}. " +
              $"/ startedAt must lie between {earliest:O} and {latest:O} (UTC).";
    }

    /// <summary>The plausible start times (UTC) of a response in <paramref name="round"/> received at <paramref name="now"/>.</summary>
    public static (DateTime Earliest, DateTime Latest) Window(Round round, DateTime now)
    {
        var period = round.PeriodStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-1);
        var floor = now - MaxAge;
        var earliest = period > floor ? period : floor;
        // A round whose period lies ahead (a dry run) still takes answers started today.
        if (earliest > now.AddDays(-1)) earliest = now.AddDays(-1);
        return (earliest, now + ClockSkew);
    }

    /// <summary>
    /// The start time a form posted in its hidden <c>startedAt</c> field: (null, null) when none was posted; the value when
    /// it parses and is plausible; otherwise a problem to show.
    /// </summary>
    public static (DateTime? Value, string? Problem) FromForm(string? raw, Round round, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(raw)) return (null, null);
        if (raw.Length > 64 || !DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
            return (null, $"Thời điểm bắt đầu trả lời (startedAt) không đọc được: {Shown(raw)}.");
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return StartedAtProblem(utc, round, now) is { } problem ? (null, problem) : (utc, null);
    }

    /// <summary>A value as it may appear in a message: at most 20 characters and its length, never the whole of a 1 MB field.</summary>
    private static string Shown(string value) => value.Length <= 20 ? $"“{value}”" : $"“{value[..20]}…” ({value.Length.ToString("N0", CultureInfo.InvariantCulture)} ký tự / characters)";
}
