using System.Globalization;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>The one policy for form values (ADR 7), as properties over many values, in both page cultures.</summary>
public sealed class InputValuesTests
{
    public static TheoryData<string> Cultures => new() { "vi-VN", "en-US" };

    private static IDisposable Culture(string name)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        return new Restore(() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui));
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>Decimals of every scale the pages write (weights, points, ratios, percentages), and some awkward ones.</summary>
    private static IEnumerable<decimal> Decimals()
    {
        var random = new Random(18);
        foreach (var fixedOne in new[] { 0m, 1m, 1.0m, 1.000m, 10m, 100m, 0.3m, 0.95m, 1.125m, 12.345m, 999.999m, 1000m, 1234.5m, -0.5m, 30m, 0.001m, 90.00m })
            yield return fixedOne;
        for (var i = 0; i < 2000; i++)
            yield return Math.Round((decimal)(random.NextDouble() * Math.Pow(10, random.Next(-3, 6))), random.Next(0, 6));
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_number_a_page_writes_is_read_back_as_the_same_number(string culture)
    {
        using var culturePinned = Culture(culture);
        foreach (var value in Decimals())
        {
            var written = InputValues.Of(value);
            Assert.True(InputValues.TryNumber(written, out decimal read, out var error), $"{value} written as '{written}': {error}");
            Assert.Equal(value, read);
            Assert.Matches(@"^-?\d+(\.\d+)?$", written); // what a type=number input keeps: no grouping, no comma
        }
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var value = random.NextDouble() * Math.Pow(10, random.Next(-4, 6));
            Assert.True(InputValues.TryNumber(InputValues.Of(value), out double read, out var error), error);
            Assert.Equal(value, read); // exactly: written with "R", read as a double
        }
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void A_decimal_comma_and_a_decimal_point_read_alike(string culture)
    {
        using var culturePinned = Culture(culture);
        foreach (var (text, expected) in new[] { ("0,3", 0.3m), ("0.3", 0.3m), ("0,95", 0.95m), ("0.95", 0.95m), ("1,0", 1m), ("1.0", 1m), ("1000", 1000m), ("12,5", 12.5m), ("-0,25", -0.25m), (" 7 ", 7m), ("0,125", 0.125m), ("1.1250", 1.125m) })
        {
            Assert.True(InputValues.TryNumber(text, out decimal read, out var error), $"{text}: {error}");
            Assert.Equal(expected, read);
        }
    }

    [Fact]
    public void A_number_that_could_be_a_thousand_is_refused_with_a_vietnamese_message_never_guessed()
    {
        using var culturePinned = Culture("vi-VN");
        foreach (var text in new[] { "1.000", "1,000", "12.345", "999,999", "1.000.000", "1.234,5", "1,234.5", "1 000", "abc", "1..0", "0,3%" })
        {
            Assert.False(InputValues.TryNumber(text, out decimal _, out var error), text);
            Assert.Contains("«", error);
            Assert.DoesNotContain("Exception", error);
        }
        InputValues.TryNumber("1.000", out decimal _, out var ambiguous);
        Assert.Contains("phân cách hàng nghìn", ambiguous);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Days_are_written_iso_and_read_iso_or_as_typed_in_vietnam(string culture)
    {
        using var culturePinned = Culture(culture);
        for (var day = new DateOnly(2024, 1, 1); day < new DateOnly(2027, 1, 1); day = day.AddDays(1))
        {
            Assert.True(InputValues.TryDate(InputValues.Of(day), out var iso, out _));
            Assert.Equal(day, iso);
            Assert.True(InputValues.TryDate(Ui.Date(day), out var typed, out _));
            Assert.Equal(day, typed);
        }
        Assert.False(InputValues.TryDate("31/02/2026", out _, out var error));
        Assert.Contains("31/02/2026", error);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void An_instant_is_shown_and_typed_in_hanoi_time_and_stored_in_utc(string culture)
    {
        using var culturePinned = Culture(culture);
        var utc = new DateTime(2026, 11, 23, 18, 30, 0, DateTimeKind.Utc);
        Assert.Equal("2026-11-24T01:30", InputValues.Of(utc));
        foreach (var text in new[] { "2026-11-24T01:30", "24/11/2026 01:30", "2026-11-23T18:30:00Z", "2026-11-24T01:30:00+07:00", InputValues.Instant(utc) })
        {
            Assert.True(InputValues.TryInstant(text, out var read, out var error), $"{text}: {error}");
            Assert.Equal(utc, read);
            Assert.Equal(DateTimeKind.Utc, read.Kind);
        }
        var random = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 525_600));
            Assert.True(InputValues.TryInstant(InputValues.Of(t), out var back, out _));
            Assert.Equal(t, back);
        }
    }
}
