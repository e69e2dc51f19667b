using ParIndex.Core.Estimation;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>CSV reading for the estimate command and the fixtures.</summary>
public sealed class SurveyTableTests
{
    [Fact]
    public void Empty_cells_and_NA_are_missing_and_yes_no_read_as_one_zero()
    {
        var t = SurveyTable.ReadCsv(new StringReader("a,b,c\n1.5,Yes,x\nNA,No,\n,3,\"y,z\"\n"));
        Assert.Equal(3, t.RowCount);
        var a = t.Numeric("a");
        Assert.Equal(1.5, a[0]);
        Assert.True(double.IsNaN(a[1]) && double.IsNaN(a[2]));
        Assert.Equal([1.0, 0.0, 3.0], t.Numeric("b"));
        Assert.Equal(["x", null, "y,z"], t.Text("c"));
    }

    [Fact]
    public void Empty_input_gives_an_empty_table()
    {
        var t = SurveyTable.ReadCsv(new StringReader(""));
        Assert.Equal(0, t.RowCount);
        Assert.Empty(t.ColumnNames);
    }

    [Fact]
    public void Unknown_column_is_an_argument_error()
    {
        var t = SurveyTable.ReadCsv(new StringReader("a\n1\n"));
        Assert.Throws<ArgumentException>(() => t.Numeric("b"));
    }
}
