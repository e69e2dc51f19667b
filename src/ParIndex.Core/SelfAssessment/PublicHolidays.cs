namespace ParIndex.Core.SelfAssessment;

/// <summary>
/// Default Vietnamese public holidays (Labour Code art. 112) for the years the 2026 plan appraises: the half-year in
/// July 2026 and the year in January 2027. Tết and the bridged days are announced each year by the Ministry of Home
/// Affairs, so these are a configurable default (<c>SelfAssessment:Holidays:{year}</c> replaces a year), not the
/// official notice: check them against it.
/// </summary>
public static class PublicHolidays
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static IEnumerable<DateOnly> Range(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    public static readonly IReadOnlyDictionary<int, IReadOnlyList<DateOnly>> Defaults = new Dictionary<int, IReadOnlyList<DateOnly>>
    {
        [2026] =
        [
            D(2026, 1, 1),
            // Tết Bính Ngọ: Saturday 14/02 to Sunday 22/02 (lunar new year's day is Tuesday 17/02).
            .. Range(D(2026, 2, 14), D(2026, 2, 22)),
            // Giỗ Tổ Hùng Vương (10/3 lunar) falls on Sunday 26/04: the following Monday is off.
            D(2026, 4, 26), D(2026, 4, 27),
            D(2026, 4, 30), D(2026, 5, 1),
            // Quốc khánh: 02/09 and the day before.
            D(2026, 9, 1), D(2026, 9, 2),
        ],
        [2027] =
        [
            D(2027, 1, 1),
            // Tết Đinh Mùi (lunar new year's day Saturday 06/02/2027): provisional until the ministry's notice.
            .. Range(D(2027, 2, 4), D(2027, 2, 10)),
            D(2027, 4, 16),
            D(2027, 4, 30), D(2027, 5, 1), D(2027, 5, 3),
            D(2027, 9, 2), D(2027, 9, 3),
        ],
    };

    /// <summary>A calendar over the given per-year holidays (configured years replace the defaults for that year).</summary>
    public static WorkingCalendar Calendar(IReadOnlyDictionary<int, IReadOnlyList<DateOnly>>? configured = null, IEnumerable<DateOnly>? workingWeekendDays = null)
    {
        var years = new Dictionary<int, IReadOnlyList<DateOnly>>(Defaults);
        foreach (var (year, days) in configured ?? new Dictionary<int, IReadOnlyList<DateOnly>>()) years[year] = days;
        return new WorkingCalendar(years.Values.SelectMany(d => d), workingWeekendDays);
    }
}
