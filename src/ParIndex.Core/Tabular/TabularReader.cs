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
/// Reads the spreadsheets people actually send: CSV in UTF-8 with or without BOM, separated by ',' or ';' (Excel in a
/// Vietnamese locale writes ';'), or the first sheet of an XLSX. Headers are trimmed, lower-cased and NFC-normalised;
/// cells are trimmed and NFC-normalised. Bytes that are not valid UTF-8 are refused rather than guessed.
/// </summary>
public static class TabularReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Largest file accepted (50 MB): a frame of a few hundred thousand rows fits; a runaway upload does not.</summary>
    public const long MaxBytes = 50L * 1024 * 1024;

    public static TabularFile Read(Stream stream, string fileName) => ReadAsync(stream, fileName).GetAwaiter().GetResult();

    public static async Task<TabularFile> ReadAsync(Stream stream, string fileName, CancellationToken ct = default)
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
        return Read(buffer.ToArray(), fileName);
    }

    public static TabularFile Read(byte[] bytes, string fileName)
    {
        if (bytes.Length == 0) throw new TabularFormatException("Tệp rỗng.", "The file is empty.");
        return IsXlsx(bytes, fileName) ? ReadXlsx(bytes) : ReadCsv(bytes);
    }

    private static bool IsXlsx(byte[] bytes, string fileName) =>
        fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4);

    private static TabularFile ReadCsv(byte[] bytes)
    {
        string text;
        try
        {
            var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            throw new TabularFormatException("Tệp không phải UTF-8. Hãy lưu lại với mã hóa \"CSV UTF-8\".", "The file is not UTF-8. Save it again as \"CSV UTF-8\".");
        }
        if (text.Contains('\0')) throw new TabularFormatException("Tệp chứa byte nhị phân (NUL), không phải CSV.", "The file contains binary (NUL) bytes; it is not CSV.");

        var firstLine = text.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ";" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        using var reader = new CsvReader(new StringReader(text), config);
        if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is null)
            throw new TabularFormatException("Không tìm thấy dòng tiêu đề.", "No header row found.");
        var headers = NormalizeHeaders(reader.HeaderRecord);
        var rows = new List<TabularRow>();
        while (reader.Read())
        {
            var line = reader.Parser.RawRow;
            var record = reader.Parser.Record ?? [];
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length > headers.Count)
                throw new TabularFormatException($"Dòng {line}: có {record.Length} cột, tiêu đề có {headers.Count}.", $"Line {line}: {record.Length} columns, the header has {headers.Count}.");
            rows.Add(new TabularRow(line, ToCells(headers, record)));
        }
        return new TabularFile(headers, rows);
    }

    private static TabularFile ReadXlsx(byte[] bytes)
    {
        List<IDictionary<string, object?>> sheet;
        try
        {
            using var ms = new MemoryStream(bytes);
            sheet = ms.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not TabularFormatException)
        {
            throw new TabularFormatException("Không đọc được tệp XLSX (tệp hỏng hoặc không phải Excel).", "The XLSX file could not be read (damaged or not Excel).");
        }
        if (sheet.Count == 0) throw new TabularFormatException("Không tìm thấy dòng tiêu đề.", "No header row found.");
        var columns = sheet[0].Keys.ToList();
        var headers = NormalizeHeaders(columns.Select(c => Convert.ToString(sheet[0][c], CultureInfo.InvariantCulture) ?? "").ToArray());
        var rows = new List<TabularRow>();
        for (var i = 1; i < sheet.Count; i++)
        {
            var values = columns.Select(c => sheet[i].TryGetValue(c, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "").ToArray();
            if (values.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(new TabularRow(i + 1, ToCells(headers, values)));
        }
        return new TabularFile(headers, rows);
    }

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
