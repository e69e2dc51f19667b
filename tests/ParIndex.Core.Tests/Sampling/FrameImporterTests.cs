using System.Text;
using MiniExcelLibs;
using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class FrameImporterTests
{
    private const string H = "id,name,phone,email,address,group,unit,size,cluster1,cluster2,vung\n";
    private const string Good = "S001,Nguyễn Văn An,0912 345 678,an@hanoi.gov.vn,12 Lý Thái Tổ,SO-DAN,S-TP,12,X01,T01,noi-thanh\n";

    private static readonly FrameImportOptions Known = new()
    {
        KnownGroups = ["SO-HDND", "SO-CTXA", "SO-DAN", "XA-HDND", "XA-GDSO", "XA-TRUONGTHON", "XA-DAN"],
        KnownUnits = ["S-TP", "S-NV", "P-HOANKIEM", "X-BATRAI"],
    };

    private static FrameImportResult Csv(string text, FrameImportOptions? options = null) =>
        FrameImporter.ImportCsv(Encoding.UTF8.GetBytes(text), options ?? Known);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public sealed record BrokenCase(string Name, byte[] Content, FrameImportOptions Options, FrameErrorCode Code, int Line, string VietnameseFragment)
    {
        public override string ToString() => Name;
    }

    private static readonly FrameImportOptions Pps = Known with { RequireSizeMeasure = true };

    public static TheoryData<BrokenCase> BrokenFiles() =>
    [
        new("empty file", [], Known, FrameErrorCode.EmptyFile, 0, "Tệp rỗng"),
        new("BOM and blank lines only", [0xEF, 0xBB, 0xBF, (byte)'\r', (byte)'\n', (byte)'\n'], Known, FrameErrorCode.EmptyFile, 0, "Tệp rỗng"),
        new("NUL bytes", Utf8(H + "S001,A\0B,,,,SO-DAN,S-TP,1,,,x\n"), Known, FrameErrorCode.BinaryContent, 2, "nhị phân"),
        new("xlsx renamed to csv", [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0], Known, FrameErrorCode.BinaryContent, 1, "nhị phân"),
        new("Windows-1258 bytes, not UTF-8", [.. Utf8(H), .. "S001,Nguy"u8, 0xEA, (byte)'n', .. ",,,,SO-DAN,S-TP,1,,,x\n"u8], Known, FrameErrorCode.NotUtf8, 2, "không phải mã UTF-8"),
        new("first line is data, no header", Utf8(Good + Good), Known, FrameErrorCode.MissingHeader, 1, "không phải dòng tiêu đề"),
        new("two headers for the id (id and Mã)", Utf8("id,Mã,group,unit\nS1,S1,SO-DAN,S-TP\n"), Known, FrameErrorCode.DuplicateHeader, 1, "trùng với một cột"),
        new("same strata header twice", Utf8("id,group,unit,Vùng,vung\nS1,SO-DAN,S-TP,a,b\n"), Known, FrameErrorCode.DuplicateHeader, 1, "trùng với một cột"),
        new("empty header cell", Utf8("id,,group,unit\nS1,x,SO-DAN,S-TP\n"), Known, FrameErrorCode.EmptyHeaderCell, 1, "để trống"),
        new("no unit column", Utf8("id,name,group\nS1,A,SO-DAN\n"), Known, FrameErrorCode.MissingRequiredColumn, 1, "Thiếu cột bắt buộc 'unit (đơn vị)'"),
        new("no size column for a PPS design", Utf8("id,group,unit\nS1,SO-DAN,S-TP\n"), Pps, FrameErrorCode.MissingRequiredColumn, 1, "Thiếu cột bắt buộc 'size (quy mô)'"),
        new("no strata column the design needs", Utf8("id,group,unit\nS1,SO-DAN,S-TP\n"), Known with { RequiredStrata = ["giới tính"] }, FrameErrorCode.MissingRequiredColumn, 1, "Thiếu cột phân tầng"),
        new("header only", Utf8(H), Known, FrameErrorCode.NoDataRows, 1, "không có dòng dữ liệu"),
        new("unbalanced quotes", Utf8(H + Good + "S002,\"Trần Thị Bình,,,,SO-DAN,S-TP,1,,,x\n" + Good.Replace("S001", "S003")), Known, FrameErrorCode.UnbalancedQuotes, 3, "không được đóng"),
        new("stray quote inside a cell", Utf8(H + "S002,Trần \"Bình\" Thị,,,,SO-DAN,S-TP,1,X01,T01,x\n"), Known, FrameErrorCode.BadQuote, 2, "Dấu ngoặc kép đặt sai"),
        new("row with a missing separator", Utf8(H + "S002,Bình,,,,SO-DAN,S-TP,1,X01,x\n"), Known, FrameErrorCode.WrongColumnCount, 2, "tiêu đề có 11 cột"),
        new("row with an extra value", Utf8(H + Good.TrimEnd('\n') + ",thừa\n"), Known, FrameErrorCode.WrongColumnCount, 2, "tiêu đề có 11 cột"),
        new("missing id", Utf8(H + Good.Replace("S001", "")), Known, FrameErrorCode.MissingId, 2, "Thiếu mã (id)"),
        new("id with a space", Utf8(H + Good.Replace("S001", "S 001")), Known, FrameErrorCode.InvalidIdCharacters, 2, "ký tự không hợp lệ"),
        new("id too long", Utf8(H + Good.Replace("S001", new string('A', 65))), Known, FrameErrorCode.FieldTooLong, 2, "vượt giới hạn 64"),
        new("duplicate id, differing in case", Utf8(H + Good + Good.Replace("S001", "s001")), Known, FrameErrorCode.DuplicateId, 3, "trùng với dòng 2"),
        new("missing group", Utf8(H + Good.Replace("SO-DAN", "")), Known, FrameErrorCode.MissingGroup, 2, "Thiếu mã nhóm"),
        new("unknown group", Utf8(H + Good.Replace("SO-DAN", "SO-DOANHNGHIEP")), Known, FrameErrorCode.UnknownGroup, 2, "không có trong danh mục"),
        new("missing unit", Utf8(H + Good.Replace("S-TP", "")), Known, FrameErrorCode.MissingUnit, 2, "Thiếu mã đơn vị"),
        new("unknown unit", Utf8(H + Good.Replace("S-TP", "S-XYZ")), Known, FrameErrorCode.UnknownUnit, 2, "Đơn vị 'S-XYZ' không có"),
        new("missing size for PPS", Utf8(H + Good.Replace(",12,", ",,")), Pps, FrameErrorCode.MissingSize, 2, "Thiếu quy mô"),
        new("non-numeric size", Utf8(H + Good.Replace(",12,", ",mười hai,")), Known, FrameErrorCode.NonNumericSize, 2, "không phải là số"),
        new("negative size", Utf8(H + Good.Replace(",12,", ",-5,")), Known, FrameErrorCode.NegativeSize, 2, "âm"),
        new("zero size for PPS", Utf8(H + Good.Replace(",12,", ",0,")), Pps, FrameErrorCode.ZeroSize, 2, "Quy mô bằng 0"),
        new("NaN size", Utf8(H + Good.Replace(",12,", ",NaN,")), Known, FrameErrorCode.NonFiniteSize, 2, "không phải số hữu hạn"),
        new("overflowing size", Utf8(H + Good.Replace(",12,", ",1e400,")), Known, FrameErrorCode.NonFiniteSize, 2, "không phải số hữu hạn"),
        new("size with both decimal marks", Utf8(H + Good.Replace(",12,", ",\"1.234,5\",")), Known, FrameErrorCode.AmbiguousNumber, 2, "cả dấu chấm và dấu phẩy"),
        new("e-mail without a domain dot", Utf8(H + Good.Replace("an@hanoi.gov.vn", "an@hanoi")), Known, FrameErrorCode.InvalidEmail, 2, "thư điện tử"),
        new("e-mail with two @", Utf8(H + Good.Replace("an@hanoi.gov.vn", "an@@hanoi.gov.vn")), Known, FrameErrorCode.InvalidEmail, 2, "thư điện tử"),
        new("phone too short", Utf8(H + Good.Replace("0912 345 678", "12345")), Known, FrameErrorCode.InvalidPhone, 2, "Số điện thoại"),
        new("phone with letters", Utf8(H + Good.Replace("0912 345 678", "09xx345678")), Known, FrameErrorCode.InvalidPhone, 2, "Số điện thoại"),
        new("over-long address", Utf8(H + Good.Replace("12 Lý Thái Tổ", new string('x', 501))), Known, FrameErrorCode.FieldTooLong, 2, "vượt giới hạn 500"),
        new("line break inside a quoted cell", Utf8(H + Good.Replace("12 Lý Thái Tổ", "\"12 Lý\nThái Tổ\"")), Known, FrameErrorCode.ControlCharacter, 2, "ký tự điều khiển U+000A"),
        new("vertical tab in a name", Utf8(H + Good.Replace("Nguyễn Văn An", "Nguyễn\vAn")), Known, FrameErrorCode.ControlCharacter, 2, "U+000B"),
        new("=HYPERLINK formula", Utf8(H + Good.Replace("Nguyễn Văn An", "\"=HYPERLINK(\"\"http://x.example\"\",\"\"bấm\"\")\"")), Known, FrameErrorCode.FormulaInjection, 2, "công thức"),
        new("@SUM formula", Utf8(H + Good.Replace("12 Lý Thái Tổ", "@SUM(A1:A9)")), Known, FrameErrorCode.FormulaInjection, 2, "công thức"),
        new("+cmd DDE formula in phone", Utf8(H + Good.Replace("0912 345 678", "+cmd|' /C calc'!A0")), Known, FrameErrorCode.FormulaInjection, 2, "công thức"),
        new("-formula in size", Utf8(H + Good.Replace(",12,", ",-A1+1,")), Known, FrameErrorCode.FormulaInjection, 2, "công thức"),
        new("replacement character from a bad conversion", Utf8(H + Good.Replace("Nguyễn", "Nguy\uFFFDn")), Known, FrameErrorCode.ReplacementCharacter, 2, "ký tự lỗi"),
        new("village without its commune", Utf8(H + Good.Replace("X01,", ",")), Known, FrameErrorCode.ClusterWithoutParent, 2, "thiếu mã cụm cấp trên"),
        new("empty stratum value", Utf8(H + Good.Replace("noi-thanh", "")), Known with { RequiredStrata = ["vung"] }, FrameErrorCode.MissingStratumValue, 2, "Thiếu giá trị cột phân tầng 'vung'"),
        new("damaged xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3], Known, FrameErrorCode.UnreadableWorkbook, 0, "Không đọc được tệp Excel"),
    ];

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Broken_file_imports_nothing_and_names_line_and_reason(BrokenCase c)
    {
        var result = c.Name == "damaged xlsx"
            ? FrameImporter.ImportXlsx(c.Content, c.Options)
            : FrameImporter.ImportCsv(c.Content, c.Options);
        Assert.Null(result.Frame);
        Assert.False(result.IsClean);
        var error = Assert.Single(result.Errors, e => e.Code == c.Code);
        Assert.Equal(c.Line, error.Line);
        Assert.Contains(c.VietnameseFragment, error.MessageVi);
        Assert.False(string.IsNullOrWhiteSpace(error.MessageEn));
        Assert.DoesNotContain(error.MessageEn, error.MessageVi); // the two variants really differ
    }

    [Fact]
    public void Catalogue_has_at_least_thirty_kinds_of_broken_input() =>
        Assert.True(((IEnumerable<object[]>)BrokenFiles()).Select(d => ((BrokenCase)d[0]).Code).Distinct().Count() >= 30);

    [Fact]
    public void Every_bad_row_is_reported_not_only_the_first()
    {
        var text = H + Good
            + Good.Replace("S001", "S002").Replace("SO-DAN", "")
            + Good.Replace("S001", "S003").Replace("an@hanoi.gov.vn", "không-phải-email")
            + Good.Replace("S001", "S004")
            + Good.Replace("S001", "S005").Replace("S-TP", "S-XYZ").Replace(",12,", ",-1,");
        var result = Csv(text);
        Assert.Null(result.Frame);
        Assert.Equal([(3, FrameErrorCode.MissingGroup), (4, FrameErrorCode.InvalidEmail), (6, FrameErrorCode.UnknownUnit), (6, FrameErrorCode.NegativeSize)],
            result.Errors.Select(e => (e.Line, e.Code)));
        Assert.Equal(5, result.RowsRejected);
    }

    [Fact]
    public void Clean_rows_only_imports_the_good_rows_when_asked_and_still_reports_the_bad()
    {
        var text = H + Good + Good.Replace("S001", "S002").Replace("SO-DAN", "") + Good.Replace("S001", "S003");
        var result = Csv(text, Known with { ImportCleanRowsOnly = true });
        Assert.NotNull(result.Frame);
        Assert.Equal(["S001", "S003"], result.Frame!.Records.Select(r => r.Id));
        Assert.Single(result.Errors);
        Assert.Equal(1, result.RowsRejected);
    }

    [Fact]
    public void Clean_rows_only_drops_every_row_of_a_duplicated_id()
    {
        var text = H + Good + Good.Replace("S001", "S002") + Good;
        var result = Csv(text, Known with { ImportCleanRowsOnly = true });
        Assert.Equal(["S002"], result.Frame!.Records.Select(r => r.Id));
    }

    [Fact]
    public void Reads_excel_semicolon_csv_with_bom_vietnamese_headers_and_decimal_comma()
    {
        var text = "\uFEFFMã đối tượng;HỌ VÀ TÊN;Số điện thoại;Thư điện tử;Địa chỉ;Nhóm đối tượng;Mã đơn vị;Quy mô;Xã;Thôn;Giới tính\r\n"
                 + "D-001;Lê Thị Cúc;+84 24 3825 1234;cuc@example.vn;\"Số 1; ngõ 2\";xa-dan;p-hoankiem;12,5;X01;T01;nữ\r\n";
        var result = FrameImporter.ImportCsv(Encoding.UTF8.GetBytes(text), Known with { RequireSizeMeasure = true });
        Assert.True(result.IsClean, string.Join("\n", result.Errors));
        var r = Assert.Single(result.Frame!.Records);
        Assert.Equal("D-001", r.Id);
        Assert.Equal("XA-DAN", r.GroupCode);      // canonical spelling from the known codes
        Assert.Equal("P-HOANKIEM", r.UnitCode);
        Assert.Equal(12.5, r.SizeMeasure);
        Assert.Equal("Số 1; ngõ 2", r.Address);
        Assert.Equal(("X01", "T01"), (r.Cluster1, r.Cluster2));
        Assert.Equal("nữ", r.Strata["Giới tính"]);
        Assert.StartsWith("sha256:", result.Frame.Version);
    }

    [Fact]
    public void Honours_excel_sep_line_and_counts_lines_after_it()
    {
        var text = "sep=,\n" + H + Good + Good.Replace("S001", "");
        var result = Csv(text);
        Assert.Equal(4, Assert.Single(result.Errors).Line); // sep=, is line 1, the header line 2
    }

    [Fact]
    public void Header_matching_ignores_case_diacritics_and_nfd_composition()
    {
        var nfd = "MÃ ĐƠN VỊ".Normalize(NormalizationForm.FormD);
        Assert.Equal(FrameField.Unit, FrameColumns.Match(nfd));
        Assert.Equal(FrameField.Cluster2, FrameColumns.Match("Tổ dân phố"));
        Assert.Null(FrameColumns.Match("giới tính"));
    }

    [Fact]
    public void Line_numbers_count_physical_lines_after_blank_lines()
    {
        var text = H + "\n" + Good + "\n\n" + Good.Replace("S001", "S002").Replace("SO-DAN", "");
        Assert.Equal(6, Assert.Single(Csv(text).Errors).Line);
    }

    [Fact]
    public void Same_bytes_give_the_same_frame_version()
    {
        var a = Csv(H + Good).Frame!.Version;
        Assert.Equal(a, Csv(H + Good).Frame!.Version);
        Assert.NotEqual(a, Csv(H + Good.Replace("12", "13")).Frame!.Version);
    }

    [Fact]
    public void Reads_xlsx_first_sheet_with_the_same_rules()
    {
        var rows = new[]
        {
            new Dictionary<string, object> { ["id"] = "S001", ["group"] = "SO-DAN", ["unit"] = "S-TP", ["size"] = 4.0, ["email"] = "a@b.vn" },
            new Dictionary<string, object> { ["id"] = "S002", ["group"] = "SO-DAN", ["unit"] = "S-TP", ["size"] = -1.0, ["email"] = "sai" },
        };
        using var ms = new MemoryStream();
        ms.SaveAs(rows);
        var result = FrameImporter.ImportXlsx(ms.ToArray(), Known);
        Assert.Null(result.Frame);
        Assert.Equal([(3, FrameErrorCode.NegativeSize), (3, FrameErrorCode.InvalidEmail)], result.Errors.Select(e => (e.Line, e.Code)));

        using var ok = new MemoryStream();
        ok.SaveAs(rows.Take(1));
        var clean = FrameImporter.ImportXlsx(ok.ToArray(), Known);
        Assert.Equal(4, Assert.Single(clean.Frame!.Records).SizeMeasure);
    }

    [Theory]
    [InlineData("0912345678")]
    [InlineData("+84 912 345 678")]
    [InlineData("024.3825.1234")]
    [InlineData("(024) 3825 1234")]
    public void Accepts_usual_vietnamese_phone_formats(string phone) =>
        Assert.True(Csv(H + Good.Replace("0912 345 678", phone)).IsClean);
}

public class FrameImporterXlsxLineTests
{
    [Fact]
    public void Xlsx_line_numbers_follow_sheet_rows_across_an_empty_row()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["id"] = "S001", ["group"] = "SO-DAN", ["unit"] = "S-TP" },
            new() { ["id"] = null, ["group"] = null, ["unit"] = null },
            new() { ["id"] = "S003", ["group"] = "", ["unit"] = "S-TP" },
        };
        using var ms = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(ms, rows);
        var result = FrameImporter.ImportXlsx(ms.ToArray(), new FrameImportOptions());
        Assert.Equal(4, Assert.Single(result.Errors).Line); // header 1, S001 2, empty 3, S003 4
    }
}
