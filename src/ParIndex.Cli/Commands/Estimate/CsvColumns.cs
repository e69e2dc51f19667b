using System.Globalization;
using nietras.SeparatedValues;

namespace ParIndex.Cli.Commands.Estimate;

/// <summary>How a column of the data file is read.</summary>
internal enum ColumnKind
{
    /// <summary>Numbers (invariant culture); empty or <c>NA</c> is missing; TRUE/Yes and FALSE/No are 1 and 0.</summary>
    Numeric,

    /// <summary>Labels coded 0..k−1 in R's factor order (numeric order when every label is a number, else ordinal).</summary>
    Labels,

    /// <summary>
    /// Labels coded 0..k−1 in ordinal text order even when they are numbers: the order R's <c>brrweights</c> gives strata
    /// (<c>as.character</c>, C locale), which decides the Hadamard row each stratum gets.
    /// </summary>
    TextLabels,
}

/// <summary>
/// The columns an estimate needs, read from a comma-separated file with a header row in one pass with Sep:
/// only the named columns are touched, numbers are parsed from the row buffer and labels are interned without
/// allocating a string per cell, so a 1,000,000-row file reads in a fraction of a second.
/// </summary>
internal sealed class CsvColumns
{
    private readonly Dictionary<string, double[]> numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Line, string Text)> firstNonNumeric = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, ColumnKind Kind), (int[] Codes, string[] Levels)> labels = [];

    private CsvColumns(int rowCount, IReadOnlyList<string> header)
    {
        RowCount = rowCount;
        Header = header;
    }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>All column names of the file, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>
    /// Reads the <paramref name="wanted"/> columns (a column may be wanted both ways), and as numbers every column whose
    /// name matches <paramref name="alsoNumeric"/> (replicate weights). Throws <see cref="ArgumentException"/> for a
    /// column the file lacks.
    /// </summary>
    public static CsvColumns Read(string path, IReadOnlyList<(string Name, ColumnKind Kind)> wanted, System.Text.RegularExpressions.Regex? alsoNumeric = null)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, HasHeader = true }).FromFile(path);
        var header = reader.Header.ColNames.ToArray();
        if (alsoNumeric is not null)
        {
            wanted = [.. wanted, .. header.Where(h => alsoNumeric.IsMatch(h) && !wanted.Contains((h, ColumnKind.Numeric))).Select(h => (h, ColumnKind.Numeric))];
        }

        var plan = new List<(int Index, string Name, ColumnKind Kind)>();
        foreach (var (name, kind) in wanted)
        {
            var index = Array.IndexOf(header, name);
            if (index < 0)
            {
                throw new ArgumentException($"Column '{name}' not found in {Path.GetFileName(path)} (columns: {string.Join(", ", header)}).");
            }

            plan.Add((index, name, kind));
        }

        var numbers = new List<double>?[plan.Count];
        var bad = new (int Line, string Text)?[plan.Count];
        var interned = new Interner?[plan.Count];
        for (var c = 0; c < plan.Count; c++)
        {
            if (plan[c].Kind == ColumnKind.Numeric)
            {
                numbers[c] = new List<double>(1 << 16);
            }
            else
            {
                interned[c] = new Interner();
            }
        }

        var rows = 0;
        foreach (var row in reader)
        {
            for (var c = 0; c < plan.Count; c++)
            {
                var cell = row[plan[c].Index].Span.Trim();
                if (numbers[c] is { } list)
                {
                    if (!TryNumber(cell, out var value))
                    {
                        bad[c] ??= (rows + 2, cell.ToString());
                        value = double.NaN;
                    }

                    list.Add(value);
                }
                else
                {
                    interned[c]!.Add(cell);
                }
            }

            rows++;
        }

        var result = new CsvColumns(rows, header);
        for (var c = 0; c < plan.Count; c++)
        {
            var name = plan[c].Name;
            if (numbers[c] is { } list)
            {
                result.numeric[name] = [.. list];
                if (bad[c] is { } b)
                {
                    result.firstNonNumeric[name] = b;
                }
            }
            else
            {
                result.labels[(name, plan[c].Kind)] = interned[c]!.Finish(numericOrder: plan[c].Kind == ColumnKind.Labels);
            }
        }

        return result;
    }

    /// <summary>
    /// A numeric column (NaN where missing). Throws <see cref="FormatException"/> naming <paramref name="purpose"/>,
    /// the line and the cell when a non-missing cell is not a number: R stops on such a column, so must we.
    /// </summary>
    public double[] Numeric(string name, string purpose)
    {
        if (!numeric.TryGetValue(name, out var values))
        {
            throw new InvalidOperationException($"Column '{name}' was not read as numeric.");
        }

        if (firstNonNumeric.TryGetValue(name, out var bad))
        {
            throw new FormatException($"{purpose}: column '{name}' is not numeric (line {bad.Line}: \"{bad.Text}\"). Use --prop {name}=LEVEL for a proportion of a category.");
        }

        return values;
    }

    /// <summary>A label column: codes 0..k−1 (−1 where missing) and the levels in the order of <paramref name="kind"/>.</summary>
    public (int[] Codes, string[] Levels) Labels(string name, ColumnKind kind = ColumnKind.Labels) =>
        labels.TryGetValue((name, kind), out var l) ? l : throw new InvalidOperationException($"Column '{name}' was not read as {kind}.");

    /// <summary>Empty, <c>NA</c>, numbers (invariant culture), TRUE/Yes = 1, FALSE/No = 0; false for anything else.</summary>
    internal static bool TryNumber(ReadOnlySpan<char> cell, out double value)
    {
        if (cell.IsEmpty || cell is "NA")
        {
            value = double.NaN;
            return true;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        switch (cell)
        {
            case "TRUE" or "Yes":
                value = 1;
                return true;
            case "FALSE" or "No":
                value = 0;
                return true;
            default:
                value = double.NaN;
                return false;
        }
    }

    /// <summary>Codes labels in order of first appearance, then renumbers them into R's factor order.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly List<string> levels = [];
        private readonly List<int> codes = new(1 << 16);

        public void Add(ReadOnlySpan<char> cell)
        {
            if (cell.IsEmpty || cell is "NA")
            {
                codes.Add(-1);
                return;
            }

            var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(cell, out var code))
            {
                code = levels.Count;
                var text = cell.ToString();
                index[text] = code;
                levels.Add(text);
            }

            codes.Add(code);
        }

        public (int[] Codes, string[] Levels) Finish(bool numericOrder)
        {
            var order = Enumerable.Range(0, levels.Count).ToArray();
            var numbers = new double[levels.Count];
            var allNumeric = numericOrder;
            for (var k = 0; k < levels.Count && allNumeric; k++)
            {
                allNumeric = double.TryParse(levels[k], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[k]);
            }

            Comparison<int> compare = allNumeric
                ? (a, b) => numbers[a].CompareTo(numbers[b])
                : (a, b) => string.CompareOrdinal(levels[a], levels[b]);
            Array.Sort(order, compare);
            var rank = new int[levels.Count];
            for (var k = 0; k < order.Length; k++)
            {
                rank[order[k]] = k;
            }

            var result = new int[codes.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = codes[i] < 0 ? -1 : rank[codes[i]];
            }

            return (result, [.. order.Select(k => levels[k])]);
        }
    }
}
