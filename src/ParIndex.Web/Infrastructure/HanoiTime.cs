namespace ParIndex.Web.Infrastructure;

/// <summary>
/// Vietnam's civil time (UTC+7, no daylight saving), the one place it is applied: every time is stored in UTC and
/// shown, typed and exported in Hanoi time; a deadline is a calendar day in Hanoi, not in UTC.
/// </summary>
public static class HanoiTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>A stored UTC time as a person in Hanoi reads it.</summary>
    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    /// <summary>A time a person typed in Hanoi time, for storing (UTC).</summary>
    public static DateTime ToUtc(DateTime hanoi) => DateTime.SpecifyKind(hanoi - Offset, DateTimeKind.Utc);

    /// <summary>The calendar day in Hanoi at <paramref name="utcNow"/>.</summary>
    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(utcNow + Offset);

    /// <summary>The Hanoi calendar day of a stored UTC time.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>A deadline day ends at midnight Hanoi time: something done on the deadline day is on time.</summary>
    public static bool IsPast(DateOnly deadline, DateTime utcNow) => Today(utcNow) > deadline;
}
