using System.Globalization;

namespace ParIndex.Cli.Tests.Commands;

/// <summary>
/// The api data and R survey's numbers for it (tools/r/reference.R writes both into
/// tests/ParIndex.Core.Tests/Fixtures, linked here). Comparisons are relative, 1e-9 unless a test says otherwise.
/// </summary>
internal static class ReferenceValues
{
    public const double Tolerance = 1e-9;

    /// <summary>Iterative methods (raking, bounded calibration) stop at R's convergence criterion.</summary>
    public const double IterativeTolerance = 1e-6;

    private static readonly Lazy<Dictionary<string, double>> Values = new(Load);

    public static string FixturePath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static double R(string key) =>
        Values.Value.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No R reference value '{key}'.");

    public static void AssertClose(string key, double actual, double relTol = Tolerance) => AssertClose(R(key), actual, relTol, key);

    public static void AssertClose(double expected, double actual, double relTol = Tolerance, string? what = null)
    {
        var err = Math.Abs(actual - expected);
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(err <= relTol * scale || err <= 1e-12 || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected:R}, actual {actual:R}, relative error {err / scale:E2} > {relTol:E0}");
    }

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
