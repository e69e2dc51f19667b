using System.Globalization;
using System.IO.Compression;
using System.Text;
using ParIndex.Core.Tabular;

namespace ParIndex.Web.Features.Scoring;

/// <summary>
/// Writes an XLSX workbook row by row straight to a stream (an HTTP response, a file): each sheet's XML is deflated into
/// the ZIP as it is written and handed to the output asynchronously every ~64 KiB, so memory stays constant whatever the
/// number of rows (a DOM library would hold the whole workbook). Text cells are inline strings passed through
/// <see cref="SpreadsheetSafe.Cell"/>; numbers (int, long, double) are numeric cells; null is an empty cell. A sheet that
/// reaches Excel's limit of 1,048,576 rows continues on a new sheet "name (2)", "name (3)", … with the header repeated.
/// The header row is bold and frozen.
/// </summary>
public sealed class XlsxStream : IAsyncDisposable
{
    /// <summary>Rows per sheet including the header (Excel's limit).</summary>
    public const int MaxRowsPerSheet = 1_048_576;

    private readonly Stream output;
    private readonly PendingBytes pending = new();
    private readonly ZipArchive zip;
    private readonly List<string> sheets = [];
    private readonly int maxRows;
    private readonly StringBuilder xml = new(96 * 1024);
    private Stream? sheet;
    private string baseName = "";
    private IReadOnlyList<string> header = [];
    private string[] columnNames = [];
    private int part;
    private int row;

    /// <param name="maxRowsPerSheet">Excel's limit; smaller only to test the split.</param>
    public XlsxStream(Stream output, int maxRowsPerSheet = MaxRowsPerSheet)
    {
        this.output = output;
        maxRows = maxRowsPerSheet;
        zip = new ZipArchive(pending, ZipArchiveMode.Create, leaveOpen: true);
    }

    /// <summary>Names of the sheets written so far (split sheets included).</summary>
    public IReadOnlyList<string> Sheets => sheets;

    /// <summary>Starts a sheet (ending the previous one) and writes its header row.</summary>
    public async Task BeginSheetAsync(string name, IReadOnlyList<string> columns, CancellationToken ct)
    {
        await EndSheetAsync(ct);
        (baseName, header, part) = (name, columns, 1);
        columnNames = Enumerable.Range(0, columns.Count).Select(ColumnName).ToArray();
        await OpenPartAsync(ct);
    }

    /// <summary>Writes one data row, continuing on a new sheet when this one is full.</summary>
    public async ValueTask WriteRowAsync(IReadOnlyList<object?> cells, CancellationToken ct)
    {
        if (sheet is null) throw new InvalidOperationException("BeginSheetAsync first.");
        if (row == maxRows)
        {
            await EndSheetAsync(ct);
            part++;
            await OpenPartAsync(ct);
        }
        Row(cells, header: false);
        if (xml.Length >= 64 * 1024) await FlushAsync(ct);
    }

    private async Task OpenPartAsync(CancellationToken ct)
    {
        var name = part == 1 ? baseName : $"{baseName} ({part})";
        sheets.Add(SheetName(name));
        sheet = zip.CreateEntry($"xl/worksheets/sheet{sheets.Count}.xml", CompressionLevel.Fastest).Open();
        row = 0;
        xml.Append("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""")
            .Append("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""")
            .Append("""<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>""")
            .Append("<sheetData>");
        Row(header.Cast<object?>().ToList(), header: true);
        await FlushAsync(ct);
    }

    private void Row(IReadOnlyList<object?> cells, bool header)
    {
        row++;
        var r = row.ToString(CultureInfo.InvariantCulture);
        xml.Append("<row r=\"").Append(r).Append("\">");
        for (var i = 0; i < cells.Count && i < columnNames.Length; i++)
        {
            var value = cells[i];
            if (value is null) continue;
            xml.Append("<c r=\"").Append(columnNames[i]).Append(r).Append('"');
            if (header) xml.Append(" s=\"1\"");
            switch (value)
            {
                case double d when double.IsFinite(d):
                    xml.Append("><v>").Append(d.ToString("R", CultureInfo.InvariantCulture)).Append("</v></c>");
                    break;
                case int or long or decimal:
                    xml.Append("><v>").Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)).Append("</v></c>");
                    break;
                case double:
                    xml.Append("/>");
                    break;
                default:
                    xml.Append(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                    Escape(SpreadsheetSafe.Cell(Convert.ToString(value, CultureInfo.InvariantCulture)) ?? "");
                    xml.Append("</t></is></c>");
                    break;
            }
        }
        xml.Append("</row>");
    }

    /// <summary>XML text escaping; characters XML 1.0 cannot carry (controls other than tab/LF/CR, lone surrogates) become U+FFFD.</summary>
    private void Escape(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '&': xml.Append("&amp;"); break;
                case '<': xml.Append("&lt;"); break;
                case '>': xml.Append("&gt;"); break;
                case '\t' or '\n' or '\r': xml.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': xml.Append('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { xml.Append(c).Append(s[++i]); }
                    else if (char.IsSurrogate(c)) xml.Append('\uFFFD');
                    else xml.Append(c);
                    break;
            }
        }
    }

    private async Task EndSheetAsync(CancellationToken ct)
    {
        if (sheet is null) return;
        xml.Append("</sheetData></worksheet>");
        await FlushAsync(ct);
        await sheet.DisposeAsync();
        sheet = null;
        await DrainAsync(ct);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(xml.ToString());
        xml.Clear();
        // Synchronous into the deflater, whose output lands in memory and is handed on asynchronously (Kestrel forbids
        // synchronous writes to a response).
        sheet!.Write(bytes);
        await DrainAsync(ct);
    }

    private async Task DrainAsync(CancellationToken ct) => await pending.DrainToAsync(output, ct);

    private void Part(string path, string content)
    {
        using var s = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }

    public async ValueTask DisposeAsync()
    {
        await EndSheetAsync(default);
        var ids = Enumerable.Range(1, sheets.Count).ToList();
        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"""
            + string.Concat(ids.Select(i => $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""")) + "</Types>");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"""
            + string.Concat(ids.Select(i => $"""<sheet name="{System.Security.SecurityElement.Escape(sheets[i - 1])}" sheetId="{i}" r:id="rId{i}"/>""")) + "</sheets></workbook>");
        Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
            + string.Concat(ids.Select(i => $"""<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"""))
            + $"""<Relationship Id="rId{sheets.Count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
        Part("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>""");
        zip.Dispose();
        await DrainAsync(default);
        await output.FlushAsync();
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>Excel's rules: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }

    /// <summary>A write-only, unseekable stream that keeps what the ZIP writes until it is drained asynchronously.</summary>
    private sealed class PendingBytes : Stream
    {
        private readonly MemoryStream buffer = new();
        private long written;

        public async Task DrainToAsync(Stream target, CancellationToken ct)
        {
            if (buffer.Length == 0) return;
            await target.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
            buffer.SetLength(0);
        }

        public override void Write(byte[] bytes, int offset, int count) => Write(bytes.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            buffer.Write(bytes);
            written += bytes.Length;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
