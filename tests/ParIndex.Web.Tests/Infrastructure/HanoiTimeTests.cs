using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Tests.Infrastructure;

public sealed class HanoiTimeTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Deadlines_end_at_midnight_in_hanoi_not_utc()
    {
        var deadline = D(2026, 7, 10);
        Assert.False(HanoiTime.IsPast(deadline, new DateTime(2026, 7, 10, 16, 59, 0, DateTimeKind.Utc))); // 23:59 Hanoi
        Assert.True(HanoiTime.IsPast(deadline, new DateTime(2026, 7, 10, 17, 0, 0, DateTimeKind.Utc)));   // 00:00 next day Hanoi
    }

    [Fact]
    public void A_stored_time_is_shown_in_hanoi_time_and_a_typed_one_is_stored_in_utc()
    {
        var utc = new DateTime(2026, 11, 23, 18, 30, 0, DateTimeKind.Utc);
        Assert.Equal("24/11/2026 01:30", Ui.Date(utc));
        Assert.Equal(D(2026, 11, 24), HanoiTime.DayOf(utc));
        Assert.Equal(utc, HanoiTime.ToUtc(HanoiTime.ToLocal(utc)));
        Assert.Equal(DateTimeKind.Utc, HanoiTime.ToUtc(new DateTime(2026, 11, 24, 1, 30, 0)).Kind);
    }
}
