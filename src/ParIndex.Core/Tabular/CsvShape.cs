namespace ParIndex.Core.Tabular;

/// <summary>
/// Measures a CSV against <see cref="TabularLimits"/> on its bytes, before a parser builds a single row: records,
/// fields per record, cells, characters per field and in all. Quotes follow RFC 4180 as the parser reads them (a quote
/// opens a field only at its start), so a stray quote inside a field does not turn the rest of the file into one cell.
/// </summary>
public static class CsvShape
{
    /// <summary>The first limit <paramref name="body"/> breaks (separator <paramref name="delimiter"/>), or null.</summary>
    public static TabularProblem? Check(ReadOnlySpan<byte> body, byte delimiter, TabularLimits limits, int firstLineOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(limits);
        long records = 0, cells = 0, chars = 0, fieldChars = 0;
        var fields = 1;
        var line = 1 + firstLineOffset;
        var recordLine = line;
        var inQuotes = false;
        var fieldStart = true;
        var any = false;
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b == (byte)'\n') line++;
            if (inQuotes)
            {
                if (b == (byte)'"')
                {
                    if (i + 1 < body.Length && body[i + 1] == (byte)'"') { i++; fieldChars++; chars++; }
                    else inQuotes = false;
                }
                else if ((b & 0xC0) != 0x80) { fieldChars++; chars++; }
                if (fieldChars > limits.MaxCellChars) return TooLong(recordLine, fields, limits);
                continue;
            }
            if (b == (byte)'\n')
            {
                if (++records > limits.MaxRows) return TooManyRows(recordLine, limits);
                cells += fields;
                if (cells > limits.MaxCells) return TooManyCells(recordLine, limits);
                (fields, fieldChars, fieldStart, any, recordLine) = (1, 0, true, false, line);
                continue;
            }
            any = true;
            if (b == delimiter)
            {
                if (++fields > limits.MaxColumns) return TooManyColumns(recordLine, fields, limits);
                (fieldChars, fieldStart) = (0, true);
                continue;
            }
            if (b == (byte)'\r') continue;
            if (b == (byte)'"' && fieldStart) { inQuotes = true; fieldStart = false; continue; }
            fieldStart = false;
            if ((b & 0xC0) == 0x80) continue; // a UTF-8 continuation byte: the character was counted at its first byte
            fieldChars++;
            chars++;
            if (fieldChars > limits.MaxCellChars) return TooLong(recordLine, fields, limits);
        }
        if (any)
        {
            if (++records > limits.MaxRows) return TooManyRows(recordLine, limits);
            if (cells + fields > limits.MaxCells) return TooManyCells(recordLine, limits);
        }
        if (chars > limits.MaxTotalChars)
            return Problem(0, $"Tệp chứa hơn {TabularLimits.N(limits.MaxTotalChars)} ký tự dữ liệu.", $"The file holds more than {TabularLimits.En(limits.MaxTotalChars)} characters of data.");
        return null;
    }

    private static TabularProblem Problem(int line, string vi, string en) =>
        new(TabularProblemKind.LimitExceeded, line, vi + " Không có gì được nhập.", en + " Nothing was imported.");

    private static TabularProblem TooLong(int line, int field, TabularLimits limits) => Problem(line,
        $"Ô thứ {field} dài hơn {TabularLimits.N(limits.MaxCellChars)} ký tự (giới hạn của một ô).",
        $"Field {field} is longer than {TabularLimits.En(limits.MaxCellChars)} characters (the limit for one cell).");

    private static TabularProblem TooManyRows(int line, TabularLimits limits) => Problem(line,
        $"Tệp có hơn {TabularLimits.N(limits.MaxRows)} dòng.", $"The file has more than {TabularLimits.En(limits.MaxRows)} lines.");

    private static TabularProblem TooManyColumns(int line, int fields, TabularLimits limits) => Problem(line,
        $"Dòng có {TabularLimits.N(fields)} cột trở lên; tối đa {TabularLimits.N(limits.MaxColumns)} cột.",
        $"The line has {TabularLimits.En(fields)} columns or more; at most {TabularLimits.En(limits.MaxColumns)}.");

    private static TabularProblem TooManyCells(int line, TabularLimits limits) => Problem(line,
        $"Tệp có hơn {TabularLimits.N(limits.MaxCells)} ô.", $"The file has more than {TabularLimits.En(limits.MaxCells)} cells.");
}
