using System.Globalization;
using System.Runtime.CompilerServices;
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
    /// column the file lacks. A large file without quotes is cut at line ends into one part per core and the parts are
    /// parsed in parallel; their values are joined in file order and their labels merged, so the result is the same as
    /// one pass (a file with quotes, where a line end may sit inside a field, is read in one pass).
    /// </summary>
    public static CsvColumns Read(string path, IReadOnlyList<(string Name, ColumnKind Kind)> wanted, System.Text.RegularExpressions.Regex? alsoNumeric = null) =>
        Read(path, wanted, alsoNumeric, ParallelThreshold);

    /// <summary>Below this size a file is read in one pass (threads would cost more than they save).</summary>
    internal const int ParallelThreshold = 4 << 20;

    /// <summary><see cref="Read(string, IReadOnlyList{ValueTuple{string, ColumnKind}}, System.Text.RegularExpressions.Regex?)"/> with the size from which parts are read in parallel.</summary>
    internal static CsvColumns Read(string path, IReadOnlyList<(string Name, ColumnKind Kind)> wanted, System.Text.RegularExpressions.Regex? alsoNumeric, int parallelThreshold)
    {
        // Files over 1 GiB are streamed in one pass instead of held in memory.
        var bytes = new FileInfo(path).Length <= 1L << 30 ? File.ReadAllBytes(path) : null;
        using var whole = bytes is null
            ? Sep.New(',').Reader(o => o with { Unescape = true, HasHeader = true }).FromFile(path)
            : Sep.New(',').Reader(o => o with { Unescape = true, HasHeader = true }).From(new MemoryStream(bytes, writable: false));
        var header = whole.Header.ColNames.ToArray();

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

        var parts = bytes is null ? [] : Parts(bytes, parallelThreshold);
        Part[] parsed;
        if (parts.Count < 2)
        {
            parsed = [Part.Parse(whole, plan)];
        }
        else
        {
            parsed = new Part[parts.Count];
            Parallel.For(0, parts.Count, k =>
            {
                using var reader = Sep.New(',').Reader(o => o with { Unescape = true, HasHeader = false })
                    .From(new MemoryStream(bytes!, parts[k].Start, parts[k].End - parts[k].Start, writable: false));
                parsed[k] = Part.Parse(reader, plan);
            });
        }

        var rows = parsed.Sum(p => p.Rows);
        var result = new CsvColumns(rows, header);
        for (var c = 0; c < plan.Count; c++)
        {
            var name = plan[c].Name;
            if (plan[c].Kind == ColumnKind.Numeric)
            {
                var values = new double[rows];
                var at = 0;
                foreach (var part in parsed)
                {
                    part.Numbers[c]!.CopyTo(values, at);
                    if (part.Bad[c] is { } b && !result.firstNonNumeric.ContainsKey(name))
                    {
                        result.firstNonNumeric[name] = (b.Row + at + 2, b.Text); // + header line, 1-based
                    }

                    at += part.Rows;
                }

                result.numeric[name] = values;
            }
            else
            {
                var merged = parsed[0].Labels[c]!;
                for (var k = 1; k < parsed.Length; k++)
                {
                    merged.Append(parsed[k].Labels[c]!);
                }

                result.labels[(name, plan[c].Kind)] = merged.Finish(numericOrder: plan[c].Kind == ColumnKind.Labels);
            }
        }

        return result;
    }

    /// <summary>
    /// The byte ranges to parse in parallel: after the header line, one per core, each ending at a line end; none (read in
    /// one pass) when the file is small, the machine has one core, or the file holds a quote anywhere.
    /// </summary>
    internal static List<(int Start, int End)> Parts(byte[] bytes, int parallelThreshold)
    {
        var cores = Math.Min(Environment.ProcessorCount, 8);
        var headerEnd = Array.IndexOf(bytes, (byte)'\n');
        if (cores < 2 || bytes.Length < parallelThreshold || headerEnd < 0 || bytes.AsSpan().Contains((byte)'"'))
        {
            return [];
        }

        var parts = new List<(int Start, int End)>();
        var start = headerEnd + 1;
        var size = (bytes.Length - start) / cores;
        for (var k = 0; k < cores && start < bytes.Length; k++)
        {
            var lineEnd = k == cores - 1 ? -1 : Array.IndexOf(bytes, (byte)'\n', Math.Min(start + size, bytes.Length - 1));
            var end = lineEnd < 0 ? bytes.Length : lineEnd + 1;
            parts.Add((start, end));
            start = end;
        }

        return parts;
    }

    /// <summary>The wanted columns of one byte range of the file.</summary>
    private sealed class Part
    {
        public int Rows { get; private set; }

        public List<double>?[] Numbers { get; private init; } = [];

        public (int Row, string Text)?[] Bad { get; private init; } = [];

        public Interner?[] Labels { get; private init; } = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one pass over a million rows: no tier-0 code, no waiting for tier-up
        public static Part Parse(SepReader reader, List<(int Index, string Name, ColumnKind Kind)> plan)
        {
            var part = new Part { Numbers = new List<double>?[plan.Count], Bad = new (int, string)?[plan.Count], Labels = new Interner?[plan.Count] };
            for (var c = 0; c < plan.Count; c++)
            {
                if (plan[c].Kind == ColumnKind.Numeric)
                {
                    part.Numbers[c] = new List<double>(1 << 16);
                }
                else
                {
                    part.Labels[c] = new Interner();
                }
            }

            var rows = 0;
            foreach (var row in reader)
            {
                for (var c = 0; c < plan.Count; c++)
                {
                    var cell = row[plan[c].Index].Span.Trim();
                    if (part.Numbers[c] is { } list)
                    {
                        if (!TryNumber(cell, out var value))
                        {
                            part.Bad[c] ??= (rows, cell.ToString());
                            value = double.NaN;
                        }

                        list.Add(value);
                    }
                    else
                    {
                        part.Labels[c]!.Add(cell);
                    }
                }

                rows++;
            }

            part.Rows = rows;
            return part;
        }
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

    /// <summary>True when a column read as numbers had no cell that is not a number (or missing).</summary>
    public bool IsNumeric(string name) => numeric.ContainsKey(name) && !firstNonNumeric.ContainsKey(name);

    /// <summary>A label column: codes 0..k−1 (−1 where missing) and the levels in the order of <paramref name="kind"/>.</summary>
    public (int[] Codes, string[] Levels) Labels(string name, ColumnKind kind = ColumnKind.Labels) =>
        labels.TryGetValue((name, kind), out var l) ? l : throw new InvalidOperationException($"Column '{name}' was not read as {kind}.");

    /// <summary>Empty, <c>NA</c>, numbers (invariant culture), TRUE/Yes = 1, FALSE/No = 0; false for anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryNumber(ReadOnlySpan<char> cell, out double value)
    {
        if (cell.IsEmpty || cell is "NA")
        {
            value = double.NaN;
            return true;
        }

        if (TryPlainDecimal(cell, out value) || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
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

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// Clinger's fast path for the common cell "-ddd.ddd" with at most 15 significant digits: the digits as an integer
    /// m &lt; 10^15 (exact in a double) divided by 10^k, k ≤ 22 (exact too), is one correctly rounded IEEE division, so the
    /// result is exactly what <see cref="double.Parse(string)"/> gives. Anything else (exponents, more digits) returns false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryPlainDecimal(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s[0] == '-')
        {
            negative = true;
            i = 1;
        }

        ulong mantissa = 0;
        int scale = 0, digits = 0;
        var dot = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                if (mantissa >= 100_000_000_000_000UL)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
                digits++;
                if (dot)
                {
                    scale++;
                }
            }
            else if (c == '.' && !dot)
            {
                dot = true;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || scale >= PowersOfTen.Length)
        {
            return false;
        }

        value = mantissa / PowersOfTen[scale];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>
    /// Codes labels in order of first appearance, then renumbers them into R's factor order. Canonical integers (ids,
    /// strata, PSUs, domains) are interned by value, other labels by their text without allocating a string per cell.
    /// </summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly Dictionary<long, int> integers = [];
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
        private readonly List<string> levels = [];
        private readonly List<int> codes = new(1 << 16);

        public Interner() => lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<char> cell)
        {
            if (cell.IsEmpty || cell is "NA")
            {
                codes.Add(-1);
                return;
            }

            codes.Add(Level(cell));
        }

        /// <summary>The code of a (non-missing) label, a new one when it is first seen.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int Level(ReadOnlySpan<char> cell)
        {
            int code;
            if (CanonicalInteger(cell, out var key))
            {
                if (!integers.TryGetValue(key, out code))
                {
                    code = levels.Count;
                    integers[key] = code;
                    levels.Add(cell.ToString());
                }
            }
            else if (!lookup.TryGetValue(cell, out code))
            {
                code = levels.Count;
                var text = cell.ToString();
                index[text] = code;
                levels.Add(text);
            }

            return code;
        }

        // -?[1-9][0-9]{0,17} or 0: the text is the integer's own decimal form, so equal texts ⇔ equal values.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool CanonicalInteger(ReadOnlySpan<char> s, out long value)
        {
            value = 0;
            var i = s[0] == '-' ? 1 : 0;
            var length = s.Length - i;
            if (length is 0 or > 18 || (s[i] == '0' && (length > 1 || i == 1)))
            {
                return false;
            }

            for (; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                value = (value * 10) + d;
            }

            if (s[0] == '-')
            {
                value = -value;
            }

            return true;
        }

        /// <summary>Appends the rows of a later part of the file, recoding its labels to this interner's codes.</summary>
        public void Append(Interner later)
        {
            var recode = new int[later.levels.Count];
            for (var k = 0; k < recode.Length; k++)
            {
                recode[k] = Level(later.levels[k]);
            }

            codes.EnsureCapacity(codes.Count + later.codes.Count);
            foreach (var code in later.codes)
            {
                codes.Add(code < 0 ? -1 : recode[code]);
            }
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
                ? (a, b) => numbers[a] != numbers[b] ? numbers[a].CompareTo(numbers[b]) : string.CompareOrdinal(levels[a], levels[b]) // "7" vs "007", "0" vs "-0"
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
