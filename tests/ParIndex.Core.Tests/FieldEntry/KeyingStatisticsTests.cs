using ParIndex.Core.FieldEntry;

namespace ParIndex.Core.Tests.FieldEntry;

public sealed class KeyingStatisticsTests
{
    private static readonly DateTime T = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Forms_and_fields_per_hour_use_time_on_the_keying_screen_and_the_rate_uses_compared_fields()
    {
        var stats = KeyingStatistics.Of(
        [
            new KeyingRecord("an", T, T.AddMinutes(6), 50, FieldsCompared: 52, Errors: 1),
            new KeyingRecord("an", T.AddHours(1), T.AddHours(1).AddMinutes(4), 40),
            new KeyingRecord("binh", T, T.AddMinutes(10), 50, FieldsCompared: 52, Errors: 3),
        ]);
        var an = stats.Single(s => s.Keyer == "an");
        Assert.Equal(2, an.Forms);
        Assert.Equal(90, an.Fields);
        Assert.Equal(10.0 / 60, an.Hours, 12);
        Assert.Equal(12.0, an.FormsPerHour, 10);    // 2 forms in 10 minutes
        Assert.Equal(540.0, an.FieldsPerHour, 10);  // 90 fields in 10 minutes
        Assert.Equal(1.0 / 52, an.DiscrepancyRate, 12);
        var binh = stats.Single(s => s.Keyer == "binh");
        Assert.Equal(6.0, binh.FormsPerHour, 10);
        Assert.Equal(3.0 / 52, binh.DiscrepancyRate, 12);
    }

    [Fact]
    public void Nothing_compared_or_no_time_gives_NaN_not_zero()
    {
        var s = KeyingStatistics.Of([new KeyingRecord("c", T, T.AddMinutes(-1), 10)]).Single();
        Assert.Equal(0, s.Hours);
        Assert.True(double.IsNaN(s.FormsPerHour));
        Assert.True(double.IsNaN(s.DiscrepancyRate));
        Assert.Empty(KeyingStatistics.Of([]));
    }
}
