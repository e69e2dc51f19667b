using System.IO.Compression;
using System.Text;

namespace ParIndex.Core.Tests.Tabular;

/// <summary>
/// XLSX files written part by part for the reading-limit tests: a minimal valid package (content types, workbook,
/// sheets, shared strings) whose parts are streamed into the zip at the highest compression, so a 100 MB cell is never a
/// string here either. Shared by the Core and Web tests (linked into ParIndex.Web.Tests).
/// </summary>
public static class Workbooks
{
    /// <summary>A sheet: its name and a writer of its <c>&lt;sheetData&gt;</c> content (rows and cells).</summary>
    public sealed record Sheet(string Name, Action<TextWriter> Rows, string? Dimension = null);

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static byte[] Build(IReadOnlyList<Sheet> sheets, Action<TextWriter>? sharedStrings = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", w =>
            {
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
                w.Write("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
                w.Write("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
                for (var i = 1; i <= sheets.Count; i++)
                    w.Write($"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
                if (sharedStrings is not null) w.Write("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
                w.Write("</Types>");
            });
            Part(zip, "_rels/.rels", w => w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part(zip, "xl/workbook.xml", w =>
            {
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets>");
                for (var i = 1; i <= sheets.Count; i++) w.Write($"<sheet name=\"{sheets[i - 1].Name}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>");
                w.Write("</sheets></workbook>");
            });
            Part(zip, "xl/_rels/workbook.xml.rels", w =>
            {
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
                for (var i = 1; i <= sheets.Count; i++) w.Write($"<Relationship Id=\"rId{i}\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
                if (sharedStrings is not null) w.Write($"<Relationship Id=\"rIdS\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>");
                w.Write("</Relationships>");
            });
            for (var i = 1; i <= sheets.Count; i++)
            {
                var sheet = sheets[i - 1];
                Part(zip, $"xl/worksheets/sheet{i}.xml", w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"{Main}\">");
                    if (sheet.Dimension is not null) w.Write($"<dimension ref=\"{sheet.Dimension}\"/>");
                    w.Write("<sheetData>");
                    sheet.Rows(w);
                    w.Write("</sheetData></worksheet>");
                });
            }
            if (sharedStrings is not null)
                Part(zip, "xl/sharedStrings.xml", w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"{Main}\">");
                    sharedStrings(w);
                    w.Write("</sst>");
                });
        }
        return ms.ToArray();
    }

    private static void Part(ZipArchive zip, string name, Action<TextWriter> write)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false), 1 << 16);
        write(w);
    }

    /// <summary>Writes <paramref name="count"/> copies of <paramref name="c"/> without building the string.</summary>
    public static void Repeat(TextWriter w, char c, long count)
    {
        var chunk = new string(c, 1 << 16);
        for (; count >= chunk.Length; count -= chunk.Length) w.Write(chunk);
        w.Write(new string(c, (int)count));
    }

    public static string Cell(string reference, string text) => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>";

    /// <summary>A small, ordinary unit list (code, name, type): the control case that must import.</summary>
    public static byte[] Units(params (string Code, string Name, string Type)[] units) => Build([new Sheet("units", w =>
    {
        w.Write($"<row r=\"1\">{Cell("A1", "code")}{Cell("B1", "name")}{Cell("C1", "type")}</row>");
        for (var i = 0; i < units.Length; i++)
            w.Write($"<row r=\"{i + 2}\">{Cell($"A{i + 2}", units[i].Code)}{Cell($"B{i + 2}", units[i].Name)}{Cell($"C{i + 2}", units[i].Type)}</row>");
    })]);

    /// <summary>A header row and one data row whose second cell holds <paramref name="chars"/> characters: in a shared string, or inline.</summary>
    public static byte[] OneHugeCell(long chars, bool shared, string[]? header = null)
    {
        header ??= ["code", "name", "type"];
        void Header(TextWriter w) => w.Write("<row r=\"1\">" + string.Concat(header.Select((h, i) => Cell($"{(char)('A' + i)}1", h))) + "</row>");
        if (shared)
            return Build([new Sheet("data", w =>
            {
                Header(w);
                w.Write($"<row r=\"2\">{Cell("A2", "SO-X")}<c r=\"B2\" t=\"s\"><v>0</v></c>{Cell("C2", "SO")}</row>");
            })], w => { w.Write("<si><t>"); Repeat(w, 'A', chars); w.Write("</t></si>"); });
        return Build([new Sheet("data", w =>
        {
            Header(w);
            w.Write($"<row r=\"2\">{Cell("A2", "SO-X")}<c r=\"B2\" t=\"inlineStr\"><is><t>");
            Repeat(w, 'A', chars);
            w.Write($"</t></is></c>{Cell("C2", "SO")}</row>");
        })]);
    }

    /// <summary><paramref name="rows"/> × <paramref name="columns"/> cells holding "1".</summary>
    public static byte[] ManyTinyCells(int rows, int columns) => Build([new Sheet("data", w =>
    {
        var names = Enumerable.Range(1, columns).Select(ColumnName).ToArray();
        for (var r = 1; r <= rows; r++)
        {
            w.Write($"<row r=\"{r}\">");
            for (var c = 0; c < columns; c++) w.Write($"<c r=\"{names[c]}{r}\"><v>1</v></c>");
            w.Write("</row>");
        }
    })]);

    /// <summary>Two cells, A1 and XFD1048576 (and the dimension to match): a reader that pads rows and columns makes 17 billion cells of it.</summary>
    public static byte[] FarCorners() => Build([new Sheet("data", w =>
        w.Write($"<row r=\"1\">{Cell("A1", "code")}</row><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"), "A1:XFD1048576")]);

    /// <summary>
    /// An XLSForm whose survey sheet uses one shared string of <paramref name="labelChars"/> characters for every text
    /// column (labels, hints, constraint messages in two languages) of <paramref name="rows"/> questions: a few tens of KB
    /// on disk, over 500 million characters once every use is expanded.
    /// </summary>
    public static byte[] XlsFormExpansion(int rows = 2_000, int labelChars = 32_000)
    {
        string[] texts = ["label::Tiếng Việt (vi)", "label::English (en)", "hint::Tiếng Việt (vi)", "hint::English (en)",
            "constraint_message::Tiếng Việt (vi)", "constraint_message::English (en)", "required_message::Tiếng Việt (vi)", "required_message::English (en)"];
        return Build(
        [
            new Sheet("survey", w =>
            {
                w.Write($"<row r=\"1\">{Cell("A1", "type")}{Cell("B1", "name")}" + string.Concat(texts.Select((t, i) => Cell($"{ColumnName(i + 3)}1", t))) + "</row>");
                for (var r = 2; r <= rows + 1; r++)
                    w.Write($"<row r=\"{r}\">{Cell($"A{r}", "text")}{Cell($"B{r}", $"q{r}")}" + string.Concat(texts.Select((_, i) => $"<c r=\"{ColumnName(i + 3)}{r}\" t=\"s\"><v>0</v></c>")) + "</row>");
            }),
            new Sheet("choices", w => w.Write($"<row r=\"1\">{Cell("A1", "list_name")}{Cell("B1", "name")}{Cell("C1", "label::Tiếng Việt (vi)")}</row>")),
        ], w => { w.Write("<si><t>"); Repeat(w, 'A', labelChars); w.Write("</t></si>"); });
    }

    private static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }
}
