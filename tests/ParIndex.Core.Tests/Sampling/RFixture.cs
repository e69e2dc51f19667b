using System.Globalization;

namespace ParIndex.Core.Tests.Sampling;

/// <summary>Reads the CSV files written by tools/r/sampling/reference.R (quoted strings, no embedded commas).</summary>
internal static class RFixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "sampling", name);

    public static List<Dictionary<string, string>> Read(string name)
    {
        var lines = File.ReadAllLines(PathOf(name));
        var header = Split(lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => header.Zip(Split(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    public static double D(this Dictionary<string, string> row, string column) =>
        row[column] == "NA" ? double.NaN : double.Parse(row[column], CultureInfo.InvariantCulture);

    private static string[] Split(string line) => line.Split(',').Select(c => c.Trim('"')).ToArray();
}
