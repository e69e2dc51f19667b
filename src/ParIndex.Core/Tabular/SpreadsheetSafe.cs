namespace ParIndex.Core.Tabular;

/// <summary>
/// Neutralises spreadsheet formula injection (OWASP "CSV injection") in exported cells: a cell a spreadsheet would
/// read as a formula (<c>=HYPERLINK(...)</c>, <c>+cmd|...</c>, <c>-1+1</c>, <c>@SUM(...)</c>, or one starting with a
/// tab or carriage return) is prefixed with a single quote, so it is shown as the text that was typed.
/// Every CSV and XLSX export of free text (answers, names, comments) must pass its cells through <see cref="Cell"/>.
/// </summary>
public static class SpreadsheetSafe
{
    /// <summary>The text to write in the cell; null stays null, harmless text is returned unchanged.</summary>
    public static string? Cell(string? value) =>
        value is { Length: > 0 } && IsFormulaStart(value[0]) ? "'" + value : value;

    /// <summary>True when a spreadsheet would treat a cell starting with <paramref name="c"/> as a formula.</summary>
    public static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠';
}
