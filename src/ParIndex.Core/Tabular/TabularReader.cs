using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace ParIndex.Core.Tabular;

/// <summary>A data row of a CSV or XLSX file: its 1-based line (CSV) or row (XLSX) number and its cells by header.</summary>
public sealed record TabularRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string Get(string column) => Cells.TryGetValue(column, out var v) ? v : "";
}

public sealed record TabularFile(IReadOnlyList<string> Headers, IReadOnlyList<TabularRow> Rows);

/// <summary>
/// A raw record as the file holds it: the 1-based line where it starts (CSV) or its row (XLSX), the cells untrimmed,
/// and the first cell with a misplaced double quote (CSV only; null when none).
/// </summary>
public sealed record TabularRecord(int Line, string[] Cells, string? BadField);

/// <summary>Why a whole file cannot be read.</summary>
public enum TabularProblemKind { EmptyFile, BinaryContent, NotUtf8, UnbalancedQuotes, UnreadableWorkbook, LimitExceeded }

/// <summary>A file-level problem: its kind, the line where it was found (0 = the whole file) and what to do, in Vietnamese and English.</summary>
public sealed record TabularProblem(TabularProblemKind Kind, int Line, string MessageVi, string MessageEn);

public enum TabularFormat { Auto, Csv, Xlsx }

/// <summary>The records of a file, streamed, or the reason it cannot be read.</summary>
public sealed record TabularRecords(TabularProblem? Problem, IEnumerable<TabularRecord> Records);

/// <summary>
/// Reads the spreadsheets people actually send: CSV in UTF-8 with or without BOM, separated by ',', ';' (Excel in a
/// Vietnamese locale writes ';') or tab, detected from the header line outside quotes or given by Excel's "sep=;" first
/// line; or the first sheet of an XLSX. This is the one place that sniffs encodings and separators: unit imports
/// (<see cref="Read(byte[], string)"/>) and sampling frames (<see cref="ReadRecords"/>) both go through it.
/// Headers are trimmed, lower-cased and NFC-normalised; cells are trimmed and NFC-normalised. Bytes that are not valid
/// UTF-8 are refused rather than guessed.
/// </summary>
public static class TabularReader
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Largest file accepted (50 MB): a frame of a few hundred thousand rows fits; a runaway upload does not.</summary>
    public const long MaxBytes = 50L * 1024 * 1024;

    public static TabularFile Read(Stream stream, string fileName, TabularLimits? limits = null) => ReadAsync(stream, fileName, default, limits).GetAwaiter().GetResult();

    /// <summary>Reads an upload within <paramref name="limits"/> (default <see cref="TabularLimits.Default"/>).</summary>
    public static async Task<TabularFile> ReadAsync(Stream stream, string fileName, CancellationToken ct = default, TabularLimits? limits = null) =>
        Read(await ReadAllBytesAsync(stream, ct), fileName, limits);

    /// <summary>The bytes of an upload, refusing more than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(Stream stream, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw new TabularFormatException($"Tệp lớn hơn {MaxBytes / 1024 / 1024} MB.", $"The file is larger than {MaxBytes / 1024 / 1024} MB.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The file as a header and rows keyed by header; throws <see cref="TabularFormatException"/> when it cannot be read.</summary>
    public static TabularFile Read(byte[] bytes, string fileName, TabularLimits? limits = null)
    {
        var result = ReadRecords(bytes, fileName, TabularFormat.Auto, limits);
        if (result.Problem is { } p) throw new TabularFormatException(p.Line > 0 ? $"Dòng {p.Line}: {p.MessageVi}" : p.MessageVi, p.Line > 0 ? $"Line {p.Line}: {p.MessageEn}" : p.MessageEn);
        using var records = result.Records.Where(r => !r.Cells.All(string.IsNullOrWhiteSpace)).GetEnumerator();
        if (!records.MoveNext()) throw new TabularFormatException("Không tìm thấy dòng tiêu đề.", "No header row found.");
        var raw = records.Current.Cells.ToList();
        while (raw.Count > 0 && string.IsNullOrWhiteSpace(raw[^1])) raw.RemoveAt(raw.Count - 1);
        var headers = NormalizeHeaders(raw.ToArray());
        var rows = new List<TabularRow>();
        while (records.MoveNext())
        {
            var r = records.Current;
            var width = r.Cells.Length;
            while (width > headers.Count && string.IsNullOrWhiteSpace(r.Cells[width - 1])) width--;
            if (width > headers.Count)
                throw new TabularFormatException($"Dòng {r.Line}: có {width} cột, tiêu đề có {headers.Count}.", $"Line {r.Line}: {width} columns, the header has {headers.Count}.");
            rows.Add(new TabularRow(r.Line, ToCells(headers, r.Cells)));
        }
        return new TabularFile(headers, rows);
    }

    /// <summary>
    /// The raw records of a CSV or XLSX file (format from <paramref name="format"/>, or for Auto from the name and the
    /// "PK" signature), blank lines included, or the file-level problem that stops reading it — among them a file over
    /// <paramref name="limits"/> (default <see cref="TabularLimits.Default"/>), found before any row is built.
    /// </summary>
    public static TabularRecords ReadRecords(byte[] bytes, string fileName, TabularFormat format = TabularFormat.Auto, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var xlsx = format == TabularFormat.Xlsx || (format == TabularFormat.Auto && IsXlsx(bytes, fileName));
        return xlsx ? ReadXlsxRecords(bytes, limits ?? TabularLimits.Default) : ReadCsvRecords(bytes, limits ?? TabularLimits.Default);
    }

    private static bool IsXlsx(byte[] bytes, string fileName) =>
        fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4);

    private static TabularRecords Fail(TabularProblemKind kind, int line, string vi, string en) => new(new TabularProblem(kind, line, vi, en), []);

    private static TabularRecords ReadCsvRecords(byte[] bytes, TabularLimits limits)
    {
        var start = bytes.AsSpan().StartsWith(Bom) ? 3 : 0;
        var body = bytes.AsSpan(start);
        if (body.Trim("\r\n\t "u8).IsEmpty)
            return Fail(TabularProblemKind.EmptyFile, 0, "Tệp rỗng, không có dữ liệu.", "The file is empty.");
        var nul = body.IndexOf((byte)0);
        if (nul >= 0 || body.StartsWith("PK\u0003\u0004"u8))
            return Fail(TabularProblemKind.BinaryContent, nul >= 0 ? LineAt(body, nul) : 1,
                "Tệp chứa dữ liệu nhị phân, không phải CSV văn bản (có thể là tệp Excel đổi đuôi?).",
                "The file holds binary data, not CSV text (an Excel file renamed to .csv?).");
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            System.Text.Unicode.Utf8.ToUtf16(body, new char[body.Length], out var read, out _, replaceInvalidSequences: false);
            return Fail(TabularProblemKind.NotUtf8, LineAt(body, read),
                $"Tệp không phải mã UTF-8 (byte không hợp lệ 0x{body[read]:X2}); hãy lưu lại bằng 'CSV UTF-8'.",
                $"The file is not UTF-8 (invalid byte 0x{body[read]:X2}); save it again as 'CSV UTF-8'.");
        }

        // Excel's optional "sep=;" line fixes the separator and is not the header.
        char? declared = null;
        var firstLineOffset = 0;
        if (body.Length >= 6 && body.StartsWith("sep="u8) && body[4] < 0x80 && (body[5] == (byte)'\n' || (body[5] == (byte)'\r' && body.Length > 6 && body[6] == (byte)'\n')))
        {
            declared = (char)body[4];
            var skip = body[5] == (byte)'\n' ? 6 : 7;
            start += skip;
            body = body[skip..];
            firstLineOffset = 1;
        }
        var delimiter = declared ?? DetectDelimiter(body);

        // Quotes, separators and line breaks are ASCII, never part of a UTF-8 multi-byte sequence: scan the bytes.
        var (openQuote, strayQuoteLines) = ScanQuotes(body, (byte)delimiter);
        if (openQuote > 0)
            return Fail(TabularProblemKind.UnbalancedQuotes, openQuote + firstLineOffset,
                "Dấu ngoặc kép mở ở dòng này không được đóng; phần còn lại của tệp không đọc được.",
                "A double quote opened on this line is never closed; the rest of the file cannot be read.");
        if (CsvShape.Check(body, (byte)delimiter, limits, firstLineOffset) is { } tooBig) return new TabularRecords(tooBig, []);
        return new TabularRecords(null, ParseCsv(bytes, start, delimiter, firstLineOffset, strayQuoteLines));
    }

    /// <summary>Streams the records (CsvHelper parser) so a large file is never held as rows and text at once.</summary>
    private static IEnumerable<TabularRecord> ParseCsv(byte[] bytes, int start, char delimiter, int firstLineOffset, List<int> strayQuoteLines)
    {
        var badData = new List<string>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            IgnoreBlankLines = false,
            Mode = CsvMode.RFC4180,
            TrimOptions = TrimOptions.None,
            BadDataFound = args => badData.Add(args.Field),
        };
        using var reader = new StreamReader(new MemoryStream(bytes, start, bytes.Length - start, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        using var parser = new CsvParser(reader, config);
        var previousRaw = 0;
        var nextStray = 0;
        while (parser.Read())
        {
            var line = previousRaw + 1 + firstLineOffset;
            previousRaw = parser.RawRow;
            var lastLine = previousRaw + firstLineOffset;
            var record = parser.Record ?? [];
            var bad = badData.Count > 0 ? badData[0] : null;
            badData.Clear();
            // CsvHelper (RFC 4180 mode) keeps a stray quote inside an unquoted cell as data; the byte scan found it.
            while (nextStray < strayQuoteLines.Count && strayQuoteLines[nextStray] + firstLineOffset < line) nextStray++;
            if (bad is null && nextStray < strayQuoteLines.Count && strayQuoteLines[nextStray] + firstLineOffset <= lastLine)
                bad = record.FirstOrDefault(c => c.Contains('"')) ?? "\"";
            yield return new TabularRecord(line, record, bad);
        }
    }

    private static TabularRecords ReadXlsxRecords(byte[] bytes, TabularLimits limits)
    {
        if (XlsxGuard.Check(bytes, limits) is { } problem) return new TabularRecords(problem, []);
        var rows = new List<TabularRecord>();
        try
        {
            using var stream = new MemoryStream(bytes);
            var line = 0;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false))
            {
                line++;
                // Column keys are A, B, …, Z, AA, …: order by length, then letters.
                var cells = row.OrderBy(c => c.Key.Length).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => CellText(c.Value)).ToArray();
                rows.Add(new TabularRecord(line, cells, null));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(TabularProblemKind.UnreadableWorkbook, 0,
                "Không đọc được tệp Excel XLSX (tệp hỏng hoặc không phải .xlsx).",
                $"The Excel workbook cannot be read (damaged or not .xlsx): {e.GetType().Name}.");
        }
        if (rows.Count == 0 || rows.All(r => r.Cells.All(string.IsNullOrWhiteSpace)))
            return Fail(TabularProblemKind.EmptyFile, 0, "Tệp rỗng, không có dữ liệu.", "The file is empty.");
        return new TabularRecords(null, rows);
    }

    private static char DetectDelimiter(ReadOnlySpan<byte> body)
    {
        // Count candidates on the first line, outside quotes.
        var end = body.IndexOf((byte)'\n');
        var line = end < 0 ? body : body[..end];
        int comma = 0, semi = 0, tab = 0;
        var quoted = false;
        foreach (var b in line)
        {
            if (b == (byte)'"') quoted = !quoted;
            else if (!quoted) { if (b == (byte)',') comma++; else if (b == (byte)';') semi++; else if (b == (byte)'\t') tab++; }
        }
        if (semi > comma && semi >= tab) return ';';
        if (tab > comma && tab > semi) return '\t';
        return ',';
    }

    /// <summary>
    /// RFC 4180 scan: the line where a quoted field opens and is never closed (0 if none), and the
    /// lines with a quote that is neither the opening of a field nor a doubled quote inside one.
    /// </summary>
    private static (int OpenedAt, List<int> StrayLines) ScanQuotes(ReadOnlySpan<byte> text, byte delimiter)
    {
        var stray = new List<int>();
        var line = 1;
        var inQuotes = false;
        var justClosed = false;
        var fieldStart = true;
        var openedAt = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch == (byte)'"')
                {
                    if (i + 1 < text.Length && text[i + 1] == (byte)'"') i++;
                    else { inQuotes = false; justClosed = true; }
                }
                else if (ch == (byte)'\n') line++;
                continue;
            }
            if (ch == (byte)'\n') { line++; fieldStart = true; justClosed = false; continue; }
            if (ch == delimiter || ch == (byte)'\r') { fieldStart = true; justClosed = false; continue; }
            if (ch == (byte)'"' && fieldStart) { inQuotes = true; openedAt = line; fieldStart = false; continue; }
            if ((ch == (byte)'"' || justClosed) && (stray.Count == 0 || stray[^1] != line)) stray.Add(line);
            fieldStart = false;
        }
        return (inQuotes ? openedAt : 0, stray);
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1;

    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static List<string> NormalizeHeaders(string[] raw)
    {
        var headers = raw.Select(h => h.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant()).ToList();
        var duplicate = headers.Where(h => h.Length > 0).GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new TabularFormatException($"Tiêu đề cột \"{duplicate.Key}\" bị lặp.", $"Column header \"{duplicate.Key}\" appears twice.");
        return headers;
    }

    private static Dictionary<string, string> ToCells(List<string> headers, string[] values)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < headers.Count; c++)
        {
            if (headers[c].Length == 0) continue;
            cells[headers[c]] = c < values.Length ? values[c].Trim().Normalize(NormalizationForm.FormC) : "";
        }
        return cells;
    }
}

/// <summary>The file as a whole cannot be read; the message exists in Vietnamese and English.</summary>
public sealed class TabularFormatException(string messageVi, string messageEn) : Exception(messageEn)
{
    public string MessageVi { get; } = messageVi;
}
