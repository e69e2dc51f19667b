using System.Globalization;
using ParIndex.Core.Estimation;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// The api data (R's <c>data(api)</c>) and the numbers R survey 4.1.1 computed from it
/// (tools/r/reference.R). Reference comparisons use 1e-9 relative tolerance unless a test says otherwise.
/// </summary>
internal static class ReferenceData
{
    public const double Tolerance = 1e-9;

    public const double AbsoluteFloor = 1e-12;

    private static readonly Lazy<Dictionary<string, double>> Values = new(Load);
    private static readonly Dictionary<string, SurveyTable> Tables = [];

    public static string FixturePath(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static SurveyTable Table(string name)
    {
        lock (Tables)
        {
            if (!Tables.TryGetValue(name, out var t))
            {
                t = SurveyTable.ReadCsv(FixturePath("api", name + ".csv"));
                Tables[name] = t;
            }

            return t;
        }
    }

    public static double R(string key) =>
        Values.Value.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No R reference value '{key}'.");

    public static void AssertClose(string key, double actual, double relTol = Tolerance) => AssertClose(R(key), actual, relTol, key);

    public static void AssertClose(double expected, double actual, double relTol = Tolerance, string? what = null)
    {
        var err = Math.Abs(actual - expected);
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        // Quantities that are exactly zero in theory (e.g. SE of a stratum share) are compared absolutely at 1e-12.
        Assert.True(err <= relTol * scale || err <= AbsoluteFloor || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected:R}, actual {actual:R}, relative error {err / scale:E2} > {relTol:E0}");
    }

    /// <summary>The designs of tools/r/reference.R, by the same names.</summary>
    public static (SurveyDesign Design, SurveyTable Data) Design(string name, LonelyPsu lonely = LonelyPsu.Fail)
    {
        switch (name)
        {
            case "strat":
            case "stratwr":
                {
                    var t = Table("apistrat");
                    return (SurveyDesign.Create(new SurveyDesignSpec
                    {
                        Strata = t.Codes("stype").Codes,
                        Weights = t.Numeric("pw"),
                        Fpc1 = name == "strat" ? t.Numeric("fpc") : null,
                        LonelyPsu = lonely,
                    }), t);
                }

            case "clus1":
            case "clus1wr":
                {
                    var t = Table("apiclus1");
                    return (SurveyDesign.Create(new SurveyDesignSpec
                    {
                        Psu = t.Codes("dnum").Codes,
                        Weights = t.Numeric("pw"),
                        Fpc1 = name == "clus1" ? t.Numeric("fpc") : null,
                        LonelyPsu = lonely,
                    }), t);
                }

            case "clus2":
                {
                    var t = Table("apiclus2");
                    return (SurveyDesign.Create(new SurveyDesignSpec
                    {
                        Psu = t.Codes("dnum").Codes,
                        Ssu = t.Codes("snum").Codes,
                        Fpc1 = t.Numeric("fpc1"),
                        Fpc2 = t.Numeric("fpc2"),
                        LonelyPsu = lonely,
                    }), t);
                }

            case "clus2wr":
                {
                    var t = Table("apiclus2");
                    return (SurveyDesign.Create(new SurveyDesignSpec
                    {
                        Psu = t.Codes("dnum").Codes,
                        Ssu = t.Codes("snum").Codes,
                        Weights = t.Numeric("pw"),
                        LonelyPsu = lonely,
                    }), t);
                }

            case "lonely.fpc":
            case "lonely.nofpc":
                {
                    var t = Table("apistrat_lonely");
                    return (SurveyDesign.Create(new SurveyDesignSpec
                    {
                        Strata = t.Codes("stype").Codes,
                        Weights = t.Numeric("pw"),
                        Fpc1 = name == "lonely.fpc" ? t.Numeric("fpc") : null,
                        LonelyPsu = lonely,
                    }), t);
                }

            default:
                throw new ArgumentException(name);
        }
    }

    public static bool[] Is(SurveyTable t, string column, string value) =>
        [.. t.Text(column).Select(v => v == value)];

    private static Dictionary<string, double> Load()
    {
        var dict = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(FixturePath("reference", "survey_reference.csv")).Skip(1))
        {
            var comma = line.LastIndexOf(',');
            var text = line[(comma + 1)..];
            dict[line[..comma]] = text switch
            {
                "NA" or "NaN" => double.NaN,
                "Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(text, CultureInfo.InvariantCulture),
            };
        }

        return dict;
    }
}
