namespace ParIndex.Core.SelfAssessment;

/// <summary>
/// Vietnamese working days: Monday to Friday, minus public holidays (Tết Nguyên đán and its compensatory days included),
/// plus the Saturdays the government declares working days to make up for a bridged holiday (ngày làm bù).
/// Deadlines in the appraisal plans are counted in these days ("chậm nhất 02 ngày làm việc").
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> workingWeekendDays;

    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly>? workingWeekendDays = null)
    {
        this.holidays = [.. holidays];
        this.workingWeekendDays = [.. workingWeekendDays ?? []];
    }

    /// <summary>Monday–Friday calendar without holidays (for tests and years nobody configured).</summary>
    public static WorkingCalendar WeekdaysOnly { get; } = new([]);

    public bool IsWorkingDay(DateOnly day)
    {
        if (workingWeekendDays.Contains(day)) return true;
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        return !holidays.Contains(day);
    }

    /// <summary>
    /// The deadline <paramref name="workingDays"/> working days after <paramref name="start"/>: the start day itself
    /// is not counted ("within 2 working days of completing round 1" sent on a Friday is due on Tuesday).
    /// Zero returns the start day moved forward to a working day.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        if (workingDays == 0)
        {
            while (!IsWorkingDay(day)) day = day.AddDays(1);
            return day;
        }
        var left = workingDays;
        while (left > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }

    /// <summary>Working days in (<paramref name="from"/>, <paramref name="to"/>]: how many working days late a thing done on <paramref name="to"/> is; 0 when <paramref name="to"/> ≤ <paramref name="from"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d)) count++;
        }
        return count;
    }
}
