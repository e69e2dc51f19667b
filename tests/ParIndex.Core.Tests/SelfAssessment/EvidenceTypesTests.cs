using System.IO.Compression;
using System.Text;
using ParIndex.Core.SelfAssessment;

namespace ParIndex.Core.Tests.SelfAssessment;

/// <summary>
/// Evidence files that can carry code are refused whatever they are called (issue #19, item 9): Office packages with a
/// VBA project, ActiveX controls or a macro-enabled content type, OpenDocument files with Basic or script folders, and
/// legacy OLE2 compound files (.doc/.xls/.ppt, or such bytes under any other name).
/// </summary>
public sealed class EvidenceTypesTests
{
    private const string DocxTypes = """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""";

    public static MemoryStream Package(params (string Name, string Content)[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
                using (var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false))) w.Write(content);
        ms.Position = 0;
        return ms;
    }

    /// <summary>The first bytes of an OLE2 compound file (what Word 97–2003, Excel 97–2003 and PowerPoint write).</summary>
    public static MemoryStream Ole2() => new([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]]);

    [Fact]
    public void A_clean_docx_is_accepted()
    {
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            EvidenceTypes.Detect("bao-cao.docx", Package(("[Content_Types].xml", DocxTypes), ("word/document.xml", "<w:document/>"))));
    }

    public static TheoryData<string, string> MacroPackages() => new()
    {
        { "bao-cao.docx", "word/vbaProject.bin" },
        { "bao-cao.docx", "word/VBAPROJECT.BIN" },
        { "bang.xlsx", "xl/vbaProject.bin" },
        { "trinh-chieu.pptx", "ppt/vbaProject.bin" },
        { "bao-cao.docx", "word/vbaData.xml" },
        { "bang.xlsx", "xl/activeX/activeX1.bin" },
        { "van-ban.odt", "Basic/Standard/Module1.xml" },
        { "bang.ods", "Scripts/python/macro.py" },
    };

    [Theory]
    [MemberData(nameof(MacroPackages))]
    public void A_package_carrying_macros_or_controls_is_refused_whatever_its_name(string fileName, string codePart)
    {
        var kind = Path.GetExtension(fileName) switch { ".docx" => "word/document.xml", ".xlsx" => "xl/workbook.xml", ".pptx" => "ppt/presentation.xml", _ => "content.xml" };
        var first = fileName.EndsWith(".odt") || fileName.EndsWith(".ods") ? ("mimetype", "application/vnd.oasis.opendocument.text") : ("[Content_Types].xml", DocxTypes);
        Assert.NotNull(EvidenceTypes.Detect(fileName, Package(first, (kind, "<x/>"))));
        Assert.Null(EvidenceTypes.Detect(fileName, Package(first, (kind, "<x/>"), (codePart, "code"))));
    }

    [Fact]
    public void A_package_whose_content_types_say_macro_enabled_is_refused()
    {
        var types = DocxTypes.Replace("wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml", StringComparison.Ordinal);
        Assert.Null(EvidenceTypes.Detect("bao-cao.docx", Package(("[Content_Types].xml", types), ("word/document.xml", "<w:document/>"))));
    }

    [Theory]
    [InlineData("bang.xls")]
    [InlineData("van-ban.doc")]
    [InlineData("trinh-chieu.ppt")]
    [InlineData("bao-cao.docx")]
    [InlineData("bang.xlsx")]
    [InlineData("bao-cao.pdf")]
    public void Ole2_compound_files_are_refused_under_any_name(string fileName) => Assert.Null(EvidenceTypes.Detect(fileName, Ole2()));

    [Theory]
    [InlineData("macro.docm")]
    [InlineData("macro.xlsm")]
    [InlineData("macro.pptm")]
    [InlineData("macro.dotm")]
    public void Macro_enabled_extensions_are_refused_even_with_clean_content(string fileName) =>
        Assert.Null(EvidenceTypes.Detect(fileName, Package(("[Content_Types].xml", DocxTypes), ("word/document.xml", "<w:document/>"))));
}
