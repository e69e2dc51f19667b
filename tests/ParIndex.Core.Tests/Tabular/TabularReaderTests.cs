using System.Text;
using MiniExcelLibs;
using ParIndex.Core.Tabular;

namespace ParIndex.Core.Tests.Tabular;

public class TabularReaderTests
{
    private static TabularFile Csv(string text, bool bom = false) =>
        TabularReader.Read((bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray(), "f.csv");

    [Fact]
    public void Reads_utf8_csv_with_bom_and_semicolons_as_excel_writes_them()
    {
        var file = Csv("Mã;Tên\r\nP1;Phường Hoàn Kiếm\r\n", bom: true);
        Assert.Equal(["mã", "tên"], file.Headers);
        Assert.Equal("Phường Hoàn Kiếm", file.Rows.Single().Get("tên"));
        Assert.Equal(2, file.Rows.Single().Line);
    }

    [Fact]
    public void Normalises_decomposed_vietnamese_to_nfc()
    {
        var decomposed = "Phường".Normalize(NormalizationForm.FormD);
        var file = Csv($"name\n{decomposed}\n");
        Assert.Equal("Phường", file.Rows[0].Get("name"));
        Assert.True(file.Rows[0].Get("name").IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Quoted_fields_keep_separators_and_line_breaks()
    {
        var file = Csv("code,name\nA,\"Sở Tư pháp, Hà Nội\"\nB,\"hai\ndòng\"\nC,x\n");
        Assert.Equal("Sở Tư pháp, Hà Nội", file.Rows[0].Get("name"));
        Assert.Equal("hai\ndòng", file.Rows[1].Get("name"));
        Assert.Equal(5, file.Rows[2].Line);
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        var file = Csv("code\nA\n\n,\nB\n");
        Assert.Equal(["A", "B"], file.Rows.Select(r => r.Get("code")));
    }

    [Fact]
    public void Refuses_bytes_that_are_not_utf8()
    {
        var e = Assert.Throws<TabularFormatException>(() => TabularReader.Read(Encoding.Latin1.GetBytes("name\nH\u00e0 N\u00f4i\n"), "f.csv"));
        Assert.Contains("UTF-8", e.MessageVi);
    }

    [Fact]
    public void Refuses_an_empty_file_a_binary_file_and_duplicate_headers()
    {
        Assert.Throws<TabularFormatException>(() => TabularReader.Read([], "f.csv"));
        Assert.Throws<TabularFormatException>(() => TabularReader.Read([0x61, 0x00, 0x62, 0x0A], "f.csv"));
        Assert.Contains("lặp", Assert.Throws<TabularFormatException>(() => Csv("code,Code\n1,2\n")).MessageVi);
    }

    [Fact]
    public void Refuses_rows_with_more_cells_than_headers()
    {
        var e = Assert.Throws<TabularFormatException>(() => Csv("a,b\n1,2,3\n"));
        Assert.Contains("Dòng 2", e.MessageVi);
    }

    [Fact]
    public void Reads_the_first_sheet_of_an_xlsx()
    {
        using var ms = new MemoryStream();
        ms.SaveAs(new[] { new { code = "P1", name = "Phường Ba Đình", size = 12 }, new { code = "P2", name = "Phường Ngọc Hà", size = 7 } });
        var file = TabularReader.Read(ms.ToArray(), "units.xlsx");
        Assert.Equal(["code", "name", "size"], file.Headers);
        Assert.Equal("Phường Ngọc Hà", file.Rows[1].Get("name"));
        Assert.Equal("7", file.Rows[1].Get("size"));
        Assert.Equal(3, file.Rows[1].Line);
    }

    [Fact]
    public void A_damaged_xlsx_is_refused_with_a_message()
    {
        var e = Assert.Throws<TabularFormatException>(() => TabularReader.Read([(byte)'P', (byte)'K', 3, 4, 1, 2, 3], "x.xlsx"));
        Assert.Contains("XLSX", e.MessageVi);
    }
}
