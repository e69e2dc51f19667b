using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;

namespace ParIndex.Core.Tabular;

/// <summary>
/// Checks an XLSX against <see cref="TabularLimits"/> before a spreadsheet reader sees it, without ever holding an
/// inflated part or a cell's text: the zip's entry count is read from its end record; every part is inflated through
/// a counting stream that stops at the limit; XML parts are read node by node (no DTD), text counted in chunks, and a
/// run of more than <see cref="MaxRunBytes"/> bytes without a <c>&lt;</c> — a giant text node or attribute — is refused
/// before the XML reader could build it. Sheets are measured as a reader will expand them: rows up to the highest row
/// number, columns up to the highest column (also as the <c>dimension</c> declares), shared strings once per use.
/// </summary>
public static class XlsxGuard
{
    /// <summary>Longest run of bytes without a '&lt;' in an XML part: a cell of 32,767 characters escaped is well under.</summary>
    public const int MaxRunBytes = 1 << 20;

    /// <summary>The first limit the workbook breaks, or null when it is within every limit (or not a zip at all: the reader reports that).</summary>
    public static TabularProblem? Check(byte[] bytes, TabularLimits limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Check(stream, limits);
    }

    /// <inheritdoc cref="Check(byte[], TabularLimits)"/>
    /// <remarks>The stream must be seekable; its position is restored.</remarks>
    public static TabularProblem? Check(Stream workbook, TabularLimits limits)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        ArgumentNullException.ThrowIfNull(limits);
        var start = workbook.Position;
        try
        {
            if (DeclaredEntries(workbook) is { } declared && declared > limits.MaxEntries) return TooManyEntries(declared, limits);
            workbook.Position = start;
            using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxEntries) return TooManyEntries(zip.Entries.Count, limits);
            var budget = new Budget(limits);
            var shared = zip.Entries.FirstOrDefault(e => e.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase));
            var sharedLengths = new List<int>();
            if (shared is not null) ReadXml(shared, budget, sharedLengths, collectShared: true);
            foreach (var entry in zip.Entries)
            {
                if (entry == shared) continue;
                if (IsXml(entry.FullName)) ReadXml(entry, budget, sharedLengths, collectShared: false);
                else Drain(entry, budget);
            }
            return null;
        }
        catch (LimitException e)
        {
            return e.Problem;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new TabularProblem(TabularProblemKind.UnreadableWorkbook, 0,
                "Không đọc được tệp Excel XLSX (tệp hỏng, không phải .xlsx, hoặc chứa khai báo DTD không được phép).",
                $"The Excel workbook cannot be read (damaged, not .xlsx, or with a DTD, which is not allowed): {e.GetType().Name}.");
        }
        finally
        {
            workbook.Position = start;
        }
    }

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Total entries as the zip's end-of-central-directory record declares them (null when there is none to read).</summary>
    private static int? DeclaredEntries(Stream zip)
    {
        // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
        var length = zip.Length;
        var tail = (int)Math.Min(length, 22 + 65_535);
        if (tail < 22) return null;
        var buffer = new byte[tail];
        zip.Position = length - tail;
        zip.ReadExactly(buffer);
        for (var i = tail - 22; i >= 0; i--)
        {
            if (buffer[i] != 0x50 || BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != 0x06054b50) continue;
            var total = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
            // 0xFFFF defers to a Zip64 record: no workbook has 65,535 parts, so treat it as "too many".
            return total == 0xFFFF ? int.MaxValue : total;
        }
        return null;
    }

    private static void Drain(ZipArchiveEntry entry, Budget budget)
    {
        using var stream = new CountingStream(entry.Open(), entry.FullName, budget, xml: false);
        var buffer = new byte[81920];
        while (stream.Read(buffer, 0, buffer.Length) > 0) { }
    }

    private static void ReadXml(ZipArchiveEntry entry, Budget budget, List<int> sharedLengths, bool collectShared)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = budget.Limits.MaxEntryBytes, CloseInput = true,
        };
        using var reader = XmlReader.Create(new CountingStream(entry.Open(), entry.FullName, budget, xml: true), settings);
        var sheet = new SheetShape(entry.FullName, budget);
        var chunk = new char[4096];
        var inSheetData = false;
        var inSharedString = false;
        long sharedChars = 0;
        string? valueOf = null; // the element whose text is being read: "v" or "t" of a cell
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var name = reader.LocalName;
                    if (name == "sheetData") inSheetData = !reader.IsEmptyElement;
                    else if (name == "dimension") sheet.Dimension(reader.GetAttribute("ref"));
                    else if (collectShared && name == "si")
                    {
                        inSharedString = !reader.IsEmptyElement;
                        sharedChars = 0;
                        if (!inSharedString) sharedLengths.Add(0);
                    }
                    else if (inSheetData && name == "row") sheet.Row(reader.GetAttribute("r"));
                    else if (inSheetData && name == "c") sheet.Cell(reader.GetAttribute("r"), reader.GetAttribute("t"), reader.IsEmptyElement);
                    else if (inSheetData && name is "v" or "t") valueOf = reader.IsEmptyElement ? null : name;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (inSharedString)
                    {
                        sharedChars += Count(reader, chunk, null);
                        if (sharedChars > budget.Limits.MaxCellChars) throw budget.CellTooLong($"{entry.FullName} #{sharedLengths.Count + 1}");
                    }
                    else if (valueOf == "v" && sheet.IsSharedStringCell)
                    {
                        var text = new System.Text.StringBuilder();
                        Count(reader, chunk, text);
                        sheet.SharedReference(text.ToString(), sharedLengths);
                    }
                    else if (valueOf is not null) sheet.Text(Count(reader, chunk, null));
                    else Count(reader, chunk, null);
                    break;
                case XmlNodeType.EndElement:
                    var end = reader.LocalName;
                    if (end == "sheetData") inSheetData = false;
                    else if (collectShared && end == "si" && inSharedString)
                    {
                        inSharedString = false;
                        sharedLengths.Add((int)sharedChars);
                    }
                    else if (inSheetData && end == "c") sheet.EndCell();
                    else if (end is "v" or "t") valueOf = null;
                    break;
            }
        }
        sheet.End();
    }

    /// <summary>Consumes the current text node in chunks; returns its length, appending up to 32 characters to <paramref name="keep"/>.</summary>
    private static long Count(XmlReader reader, char[] chunk, System.Text.StringBuilder? keep)
    {
        long n = 0;
        int read;
        while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
        {
            if (keep is not null && keep.Length < 32) keep.Append(chunk, 0, Math.Min(read, 32 - keep.Length));
            n += read;
        }
        return n;
    }

    private static TabularProblem TooManyEntries(long count, TabularLimits limits) => new(TabularProblemKind.LimitExceeded, 0,
        $"Tệp Excel gồm {TabularLimits.N(count)} phần nén, quá giới hạn {TabularLimits.N(limits.MaxEntries)}; không có gì được nhập.",
        $"The workbook has {TabularLimits.En(count)} compressed parts, over the limit of {TabularLimits.En(limits.MaxEntries)}; nothing was imported.");

    /// <summary>What has been read so far, against the limits; throws <see cref="LimitException"/> on the first breach.</summary>
    private sealed class Budget(TabularLimits limits)
    {
        public TabularLimits Limits { get; } = limits;
        public long Bytes;
        public long Chars;

        public LimitException Breach(int line, string vi, string en) => new(new TabularProblem(TabularProblemKind.LimitExceeded, line, vi + " Không có gì được nhập.", en + " Nothing was imported."));

        public LimitException CellTooLong(string where) => Breach(0,
            $"Ô {where} dài hơn {TabularLimits.N(Limits.MaxCellChars)} ký tự (giới hạn của một ô).",
            $"Cell {where} is longer than {TabularLimits.En(Limits.MaxCellChars)} characters (the limit for one cell).");

        public void AddChars(long n, string where)
        {
            Chars += n;
            if (Chars > Limits.MaxTotalChars)
                throw Breach(0, $"Nội dung các ô vượt {TabularLimits.N(Limits.MaxTotalChars)} ký tự (đến {where}).",
                    $"The cells hold more than {TabularLimits.En(Limits.MaxTotalChars)} characters (reached at {where}).");
        }
    }

    /// <summary>Rows, columns and cells of one sheet as a reader will expand them.</summary>
    private sealed class SheetShape(string part, Budget budget)
    {
        private readonly TabularLimits limits = budget.Limits;
        private long row;
        private long column;
        private long maxRow;
        private long maxColumn;
        private long cells;
        private long cellChars;
        private string? cellType;
        private bool open;

        public bool IsSharedStringCell => open && cellType == "s";

        private string Ref => $"{ColumnName(column)}{row}";

        public void Dimension(string? reference)
        {
            if (reference is null) return;
            foreach (var corner in reference.Split(':'))
            {
                var (c, r) = CellReference(corner);
                if (c is { } cc) Columns(cc);
                if (r is { } rr) Rows(rr);
            }
            CheckArea();
        }

        public void Row(string? r)
        {
            row = Number(r) ?? row + 1;
            column = 0;
            Rows(row);
            CheckArea();
        }

        public void Cell(string? reference, string? type, bool empty)
        {
            var (c, r) = CellReference(reference);
            if (r is { } rr && rr != row) { row = rr; Rows(row); }
            column = c ?? column + 1;
            Columns(column);
            CheckArea();
            if (++cells > limits.MaxCells) throw TooManyCells();
            (cellType, cellChars, open) = (type, 0, !empty);
        }

        public void Text(long n)
        {
            if (!open) return;
            cellChars += n;
            if (cellChars > limits.MaxCellChars) throw budget.CellTooLong($"{Ref} ({part})");
            budget.AddChars(n, Ref);
        }

        public void SharedReference(string index, List<int> lengths)
        {
            if (!int.TryParse(index.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) || i >= lengths.Count) return; // the reader reports a bad reference
            Text(lengths[i]);
        }

        public void EndCell() => open = false;

        public void End() => CheckArea();

        private void Rows(long r)
        {
            maxRow = Math.Max(maxRow, r);
            if (maxRow > limits.MaxRows)
                throw budget.Breach((int)Math.Min(int.MaxValue, r), $"Bảng tính có dòng số {TabularLimits.N(r)}; tối đa {TabularLimits.N(limits.MaxRows)} dòng.",
                    $"The sheet has a row number {TabularLimits.En(r)}; at most {TabularLimits.En(limits.MaxRows)} rows.");
        }

        private void Columns(long c)
        {
            maxColumn = Math.Max(maxColumn, c);
            if (maxColumn > limits.MaxColumns)
                throw budget.Breach((int)Math.Min(int.MaxValue, row), $"Bảng tính có cột {ColumnName(c)} (cột thứ {TabularLimits.N(c)}); tối đa {TabularLimits.N(limits.MaxColumns)} cột.",
                    $"The sheet has a column {ColumnName(c)} (number {TabularLimits.En(c)}); at most {TabularLimits.En(limits.MaxColumns)} columns.");
        }

        private void CheckArea()
        {
            if (maxRow * maxColumn > limits.MaxCells) throw TooManyCells();
        }

        private LimitException TooManyCells() => budget.Breach(0,
            $"Bảng tính có hơn {TabularLimits.N(limits.MaxCells)} ô (tính cả ô trống giữa các ô có dữ liệu: {TabularLimits.N(maxRow)} dòng × {TabularLimits.N(maxColumn)} cột).",
            $"The sheet has more than {TabularLimits.En(limits.MaxCells)} cells (counting the empty cells between filled ones: {TabularLimits.En(maxRow)} rows × {TabularLimits.En(maxColumn)} columns).");

        private static long? Number(string? s) =>
            long.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

        /// <summary>"XFD1048576" → (16384, 1048576); parts missing or malformed are null.</summary>
        private static (long? Column, long? Row) CellReference(string? reference)
        {
            if (string.IsNullOrEmpty(reference)) return (null, null);
            var s = reference.Replace("$", "", StringComparison.Ordinal);
            var i = 0;
            long column = 0;
            while (i < s.Length && char.IsAsciiLetter(s[i]) && i < 8) column = column * 26 + (char.ToUpperInvariant(s[i++]) - 'A' + 1);
            if (i < s.Length && char.IsAsciiLetter(s[i])) column = long.MaxValue / 4; // more letters than any sheet has
            return (column > 0 ? column : null, Number(s[i..]));
        }

        private static string ColumnName(long column)
        {
            if (column <= 0) return "?";
            if (column > 1_000_000) return "…";
            var name = "";
            while (column > 0)
            {
                var m = (int)((column - 1) % 26);
                name = (char)('A' + m) + name;
                column = (column - 1) / 26;
            }
            return name;
        }
    }

    /// <summary>Inflates a part, counting its bytes (and for XML the longest run without '&lt;') against the budget.</summary>
    private sealed class CountingStream(Stream inner, string part, Budget budget, bool xml) : Stream
    {
        private long count;
        private long run;

        public override int Read(byte[] buffer, int offset, int length)
        {
            var n = inner.Read(buffer, offset, length);
            count += n;
            budget.Bytes += n;
            if (count > budget.Limits.MaxEntryBytes)
                throw budget.Breach(0, $"Phần “{part}” của tệp Excel giải nén ra hơn {TabularLimits.N(budget.Limits.MaxEntryBytes >> 20)} MB (tệp nén bất thường).",
                    $"The workbook's part “{part}” inflates to more than {TabularLimits.En(budget.Limits.MaxEntryBytes >> 20)} MB (an abnormal compressed file).");
            if (budget.Bytes > budget.Limits.MaxUncompressedBytes)
                throw budget.Breach(0, $"Tệp Excel giải nén ra hơn {TabularLimits.N(budget.Limits.MaxUncompressedBytes >> 20)} MB (tệp nén bất thường).",
                    $"The workbook inflates to more than {TabularLimits.En(budget.Limits.MaxUncompressedBytes >> 20)} MB (an abnormal compressed file).");
            if (xml)
            {
                // The longest stretch without a '<' bounds every text node and attribute value the XML reader would build.
                var span = buffer.AsSpan(offset, n);
                while (true)
                {
                    var next = span.IndexOf((byte)'<');
                    if (next < 0) { run += span.Length; break; }
                    run += next;
                    if (run > MaxRunBytes) break;
                    run = 0;
                    span = span[(next + 1)..];
                }
                if (run > MaxRunBytes)
                    throw budget.Breach(0, $"Phần “{part}” của tệp Excel có một ô hoặc thuộc tính dài hơn {TabularLimits.N(MaxRunBytes >> 20)} MB.",
                        $"The workbook's part “{part}” has a cell or attribute longer than {TabularLimits.En(MaxRunBytes >> 20)} MB.");
            }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class LimitException(TabularProblem problem) : Exception(problem.MessageEn)
    {
        public TabularProblem Problem { get; } = problem;
    }
}
