using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace ParIndex.Core.Estimation;

/// <summary>
/// Column-oriented survey data read from CSV (header row; empty or "NA" cells are missing).
/// Used by the <c>estimate</c> command and the reference tests.
/// </summary>
public sealed class SurveyTable
{
    private readonly Dictionary<string, string?[]> columns;

    private SurveyTable(Dictionary<string, string?[]> columns, int rowCount)
    {
        this.columns = columns;
        RowCount = rowCount;
    }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyCollection<string> ColumnNames => columns.Keys;

    /// <summary>Reads a comma-separated file with a header row (invariant culture).</summary>
    public static SurveyTable ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return ReadCsv(reader);
    }

    /// <summary>Reads comma-separated text with a header row (invariant culture). Empty input gives a table with no columns.</summary>
    public static SurveyTable ReadCsv(TextReader reader)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read())
        {
            return new SurveyTable(new Dictionary<string, string?[]>(StringComparer.Ordinal), 0);
        }

        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var lists = header.Select(_ => new List<string?>()).ToArray();
        while (csv.Read())
        {
            for (var j = 0; j < header.Length; j++)
            {
                var cell = csv.GetField(j);
                lists[j].Add(string.IsNullOrEmpty(cell) || cell == "NA" ? null : cell);
            }
        }

        var dict = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        for (var j = 0; j < header.Length; j++)
        {
            dict[header[j]] = [.. lists[j]];
        }

        return new SurveyTable(dict, lists.Length == 0 ? 0 : lists[0].Count);
    }

    /// <summary>True when the table has the column.</summary>
    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>Raw cells of a column (null = missing).</summary>
    public IReadOnlyList<string?> Text(string column) => Column(column);

    /// <summary>A numeric column; missing or non-numeric cells are NaN; TRUE/FALSE and Yes/No become 1/0.</summary>
    public double[] Numeric(string column)
    {
        var cells = Column(column);
        var values = new double[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            values[i] = cells[i] switch
            {
                null => double.NaN,
                "TRUE" or "Yes" => 1,
                "FALSE" or "No" => 0,
                var s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN,
            };
        }

        return values;
    }

    /// <summary>Integer codes of a column's labels in ordinal order of the distinct labels (see <see cref="Factor.Encode"/>).</summary>
    public (int[] Codes, string[] Levels) Codes(string column) => Factor.Encode(Column(column));

    private string?[] Column(string column) =>
        columns.TryGetValue(column, out var c) ? c : throw new ArgumentException($"Column '{column}' not found.");
}
