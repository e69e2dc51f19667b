using System.Globalization;
using ParIndex.Cli.Commands.Estimate;

namespace ParIndex.Cli.Tests.Commands.Estimate;

/// <summary>The estimate command's column reader: numbers exactly as <see cref="double.Parse(string)"/>, labels as R's factor.</summary>
public sealed class CsvColumnsTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"parindex-csvcolumns-{Guid.NewGuid():N}.csv");

    [Fact]
    public void Every_number_reads_to_the_same_double_as_double_Parse_fast_path_or_not()
    {
        var rng = new Random(20261207);
        var cells = new List<string> { "0", "-0", "0.0", "1", "-1", "0.1", "0.3", ".5", "5.", "007", "123456789012345", "1234567890123456", "12345678901234567890",
            "0.000000000000000000001", "1.0000000000000000000000001", "9007199254740993", "1e5", "-2.5E-3", "4.35", "6.3529", "16.743", "2.675" };
        for (var i = 0; i < 200_000; i++)
        {
            var digits = rng.Next(1, 19);
            var text = new char[digits];
            for (var k = 0; k < digits; k++) text[k] = (char)('0' + rng.Next(10));
            var s = new string(text);
            var dot = rng.Next(digits + 1);
            if (rng.Next(3) > 0) s = s[..dot] + "." + s[dot..];
            if (rng.Next(4) == 0) s = "-" + s;
            cells.Add(s);
        }

        foreach (var cell in cells)
        {
            var expected = double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(CsvColumns.TryNumber(cell, out var actual), cell);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{cell}: {expected:R} vs {actual:R}");
        }
    }

    [Fact]
    public void Labels_keep_texts_apart_that_look_alike_and_sort_as_R_factors()
    {
        File.WriteAllText(path, "id,name,v\n7,\"b, quoted\",1.5\n007,\"say \"\"hi\"\"\",NA\n10,a,\n2,b,TRUE\n-0,a,No\n0,,3\n7,a,x\n");
        var data = CsvColumns.Read(path, [("id", ColumnKind.Labels), ("id", ColumnKind.TextLabels), ("name", ColumnKind.Labels), ("v", ColumnKind.Numeric)]);

        Assert.Equal(7, data.RowCount);
        var (codes, levels) = data.Labels("id");
        Assert.Equal(["-0", "0", "2", "007", "7", "10"], levels); // numeric order, equal numbers by text: "7" and "007" stay apart
        Assert.Equal([4, 3, 5, 2, 0, 1, 4], codes);
        var (_, text) = data.Labels("id", ColumnKind.TextLabels);
        Assert.Equal(["-0", "0", "007", "10", "2", "7"], text); // R's as.character order for strata
        var (names, nameLevels) = data.Labels("name");
        Assert.Equal(["a", "b", "b, quoted", "say \"hi\""], nameLevels);
        Assert.Equal(-1, names[5]);
        var error = Assert.Throws<FormatException>(() => data.Numeric("v", "--mean v"));
        Assert.Contains("--mean v: column 'v' is not numeric (line 8: \"x\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_the_file_lacks_is_named_with_the_columns_it_has()
    {
        File.WriteAllText(path, "a,b\n1,2\n");
        var error = Assert.Throws<ArgumentException>(() => CsvColumns.Read(path, [("c", ColumnKind.Numeric)]));
        Assert.Contains("Column 'c' not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("columns: a, b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_read_in_parallel_parts_gives_exactly_what_one_pass_gives()
    {
        // Labels that first appear in a later part, a missing value, a bad number late in the file, CRLF line ends.
        var rng = new Random(23);
        var text = new System.Text.StringBuilder("\uFEFFstratum,psu,dom,y,w\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            var y = i == 17_345 ? "oops" : i % 997 == 0 ? "NA" : (rng.NextDouble() * 5).ToString("R", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{i * 7 / 20_000},{i / 20},d{(i < 15_000 ? i % 3 : 3 + (i % 5))},{y},{rng.Next(1, 10_000) / 7.0:R}\r\n");
        }

        File.WriteAllText(path, text.ToString());
        (string, ColumnKind)[] wanted = [("stratum", ColumnKind.TextLabels), ("psu", ColumnKind.Labels), ("dom", ColumnKind.Labels), ("y", ColumnKind.Numeric), ("w", ColumnKind.Numeric)];
        var bytes = File.ReadAllBytes(path);
        Assert.True(CsvColumns.Parts(bytes, parallelThreshold: 1).Count == Math.Min(Environment.ProcessorCount, 8) || Environment.ProcessorCount < 2);
        var onePass = CsvColumns.Read(path, wanted, null, parallelThreshold: int.MaxValue);
        var parts = CsvColumns.Read(path, wanted, null, parallelThreshold: 1);

        Assert.Equal(20_000, onePass.RowCount);
        Assert.Equal(onePass.RowCount, parts.RowCount);
        Assert.Equal(onePass.Header, parts.Header);
        foreach (var (name, kind) in wanted.Where(w => w.Item2 != ColumnKind.Numeric))
        {
            Assert.Equal(onePass.Labels(name, kind).Levels, parts.Labels(name, kind).Levels);
            Assert.Equal(onePass.Labels(name, kind).Codes, parts.Labels(name, kind).Codes);
        }

        Assert.Equal(onePass.Numeric("w", "--weights"), parts.Numeric("w", "--weights"));
        var one = Assert.Throws<FormatException>(() => onePass.Numeric("y", "--mean y")).Message;
        Assert.Equal(one, Assert.Throws<FormatException>(() => parts.Numeric("y", "--mean y")).Message);
        Assert.Contains("line 17347", one, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_quotes_is_read_in_one_pass_because_a_line_end_may_sit_inside_a_field()
    {
        File.WriteAllText(path, "a,b\n1,\"two\nlines\"\n");
        Assert.Empty(CsvColumns.Parts(File.ReadAllBytes(path), parallelThreshold: 1));
        var data = CsvColumns.Read(path, [("a", ColumnKind.Numeric), ("b", ColumnKind.Labels)], null, parallelThreshold: 1);
        Assert.Equal(1, data.RowCount);
        Assert.Equal(["two\nlines"], data.Labels("b").Levels);
    }

    public void Dispose() => File.Delete(path);
}
