using ParIndex.Core.SelfAssessment;

namespace ParIndex.Core.Tests.SelfAssessment;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Vn = PublicHolidays.Calendar();

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Two_working_days_from_a_friday_skip_the_weekend()
    {
        Assert.Equal(D(2026, 7, 14), Vn.AddWorkingDays(D(2026, 7, 10), 2)); // Fri → Tue
        Assert.Equal(D(2026, 7, 13), Vn.AddWorkingDays(D(2026, 7, 10), 1)); // Fri → Mon
        Assert.Equal(D(2026, 7, 9), Vn.AddWorkingDays(D(2026, 7, 7), 2));  // Tue → Thu
    }

    [Fact]
    public void Days_sent_on_a_weekend_start_counting_on_monday()
    {
        Assert.Equal(D(2026, 7, 14), Vn.AddWorkingDays(D(2026, 7, 11), 2)); // Sat → Mon(1), Tue(2)
        Assert.Equal(D(2026, 7, 13), Vn.AddWorkingDays(D(2026, 7, 12), 0)); // Sun, 0 days → next working day
    }

    [Fact]
    public void Tet_2026_is_skipped_entirely()
    {
        // Round 1 sent on Friday 13/02/2026, the last working day before Tết (14/02–22/02): three working days
        // are Mon 23, Tue 24, Wed 25 February.
        Assert.Equal(D(2026, 2, 25), Vn.AddWorkingDays(D(2026, 2, 13), 3));
        for (var d = D(2026, 2, 14); d <= D(2026, 2, 22); d = d.AddDays(1)) Assert.False(Vn.IsWorkingDay(d), d.ToString());
        Assert.True(Vn.IsWorkingDay(D(2026, 2, 23)));
        Assert.Equal(0, Vn.WorkingDaysBetween(D(2026, 2, 13), D(2026, 2, 22)));
        Assert.Equal(1, Vn.WorkingDaysBetween(D(2026, 2, 13), D(2026, 2, 23)));
    }

    [Fact]
    public void New_year_and_reunification_day_and_hung_kings_compensation_are_holidays()
    {
        Assert.Equal(D(2026, 1, 2), Vn.AddWorkingDays(D(2025, 12, 31), 1));     // 1/1 skipped
        Assert.Equal(D(2026, 4, 28), Vn.AddWorkingDays(D(2026, 4, 24), 1));     // Mon 27/4 off (Giỗ Tổ on Sunday)
        Assert.Equal(D(2026, 5, 5), Vn.AddWorkingDays(D(2026, 4, 29), 2));      // 30/4, 1/5, weekend → Mon 4, Tue 5
    }

    [Fact]
    public void The_january_2027_appraisal_skips_new_year_and_weekend()
    {
        Assert.Equal(D(2027, 1, 5), Vn.AddWorkingDays(D(2026, 12, 31), 2)); // Fri 1/1 off, weekend → Mon 4, Tue 5
    }

    [Fact]
    public void A_configured_year_replaces_the_default_and_a_make_up_saturday_counts()
    {
        var custom = PublicHolidays.Calendar(
            new Dictionary<int, IReadOnlyList<DateOnly>> { [2026] = [D(2026, 7, 13)] },
            workingWeekendDays: [D(2026, 7, 11)]);
        Assert.True(custom.IsWorkingDay(D(2026, 2, 16)));  // default Tết replaced by the configured list
        Assert.False(custom.IsWorkingDay(D(2026, 7, 13)));
        Assert.Equal(D(2026, 7, 14), custom.AddWorkingDays(D(2026, 7, 10), 2)); // Sat 11 works, Mon 13 off, Tue 14
    }

    [Fact]
    public void Negative_day_counts_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Vn.AddWorkingDays(D(2026, 7, 10), -1));
}
