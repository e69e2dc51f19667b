using System.Text;
using ParIndex.Core.Questionnaires.XlsForm;
using ParIndex.Core.Sampling;
using ParIndex.Core.Tabular;
using Xunit.Abstractions;

namespace ParIndex.Core.Tests.Tabular;

/// <summary>
/// Decompression and expansion bombs (issue #19, item 7) are refused while the file is read, with bounded memory: the
/// bytes this thread allocates to refuse a bomb stay under <see cref="AllocationBound"/> (measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which other tests running in parallel do not disturb), far below
/// what inflating the bomb would take (a 100 MB cell is 200 MB as a .NET string).
/// </summary>
public sealed class TabularLimitsTests(ITestOutputHelper output)
{
    public const long AllocationBound = 16L << 20;

    private static readonly Lazy<byte[]> HugeShared = new(() => Workbooks.OneHugeCell(100L << 20, shared: true));
    private static readonly Lazy<byte[]> HugeInline = new(() => Workbooks.OneHugeCell(100L << 20, shared: false));
    private static readonly Lazy<byte[]> MillionCells = new(() => Workbooks.ManyTinyCells(1000, 1000));
    private static readonly Lazy<byte[]> FarCorners = new(Workbooks.FarCorners);
    private static readonly Lazy<byte[]> XlsFormBomb = new(() => Workbooks.XlsFormExpansion());

    public static TheoryData<string> Bombs() => ["one 100 MB cell (shared string)", "one 100 MB cell (inline)", "a million tiny cells", "cells at A1 and XFD1048576", "an XLSForm whose shared string expands to 512 million characters"];

    private static byte[] Bomb(string name) => name switch
    {
        "one 100 MB cell (shared string)" => HugeShared.Value,
        "one 100 MB cell (inline)" => HugeInline.Value,
        "a million tiny cells" => MillionCells.Value,
        "cells at A1 and XFD1048576" => FarCorners.Value,
        _ => XlsFormBomb.Value,
    };

    private T Measured<T>(string what, byte[] bytes, Func<T> read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = read();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{what}: file {bytes.Length / 1024.0:0.0} KB, allocated {allocated / 1048576.0:0.00} MB to refuse it");
        Assert.True(allocated < AllocationBound, $"{what}: {allocated:N0} bytes allocated (bound {AllocationBound:N0})");
        return result;
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Every_bomb_is_refused_by_the_table_reader_before_any_row_is_built_with_bounded_memory(string name)
    {
        var bytes = Bomb(name);
        Assert.True(bytes.Length < 4 << 20, $"{name} is {bytes.Length:N0} bytes");
        var read = Measured(name, bytes, () => TabularReader.ReadRecords(bytes, "bomb.xlsx"));
        Assert.NotNull(read.Problem);
        Assert.Equal(TabularProblemKind.LimitExceeded, read.Problem!.Kind);
        Assert.Contains("Không có gì được nhập", read.Problem.MessageVi);
        Assert.Throws<TabularFormatException>(() => TabularReader.Read(bytes, "bomb.xlsx"));
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Every_bomb_is_refused_by_the_frame_importer_with_bounded_memory(string name)
    {
        var bytes = Bomb(name);
        var result = Measured(name, bytes, () => FrameImporter.ImportXlsx(bytes, new FrameImportOptions()));
        Assert.Null(result.Frame);
        var error = Assert.Single(result.Errors);
        Assert.Equal(FrameErrorCode.FileTooLarge, error.Code);
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Every_bomb_is_refused_by_the_xlsform_importer_with_bounded_memory(string name)
    {
        var bytes = Bomb(name);
        var result = Measured(name, bytes, () => XlsFormConverter.Import(new MemoryStream(bytes)));
        Assert.Null(result.Definition);
        Assert.Contains(result.Issues, i => i.Message.Contains("Không có gì được nhập", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ordinary_workbook_still_reads_cell_for_cell()
    {
        var bytes = Workbooks.Units(("SO-NV", "Sở Nội vụ", "SO"), ("XA-BD", "Phường Ba Đình", "XA"));
        var file = TabularReader.Read(bytes, "units.xlsx");
        Assert.Equal(["code", "name", "type"], file.Headers);
        Assert.Equal(["SO-NV", "XA-BD"], file.Rows.Select(r => r.Get("code")));
        Assert.Equal("Phường Ba Đình", file.Rows[1].Get("name"));
        Assert.Null(XlsxGuard.Check(bytes, TabularLimits.XlsForm));
    }

    [Fact]
    public void A_workbook_just_inside_the_limits_is_read_and_one_cell_more_is_refused()
    {
        var limits = new TabularLimits { MaxRows = 10, MaxColumns = 3, MaxCells = 30, MaxCellChars = 5 };
        Assert.Null(XlsxGuard.Check(Workbooks.ManyTinyCells(10, 3), limits));
        Assert.Equal(TabularProblemKind.LimitExceeded, XlsxGuard.Check(Workbooks.ManyTinyCells(11, 3), limits)?.Kind);
        Assert.Equal(TabularProblemKind.LimitExceeded, XlsxGuard.Check(Workbooks.ManyTinyCells(10, 4), limits)?.Kind);
        Assert.Null(XlsxGuard.Check(Workbooks.OneHugeCell(5, shared: true), limits));
        Assert.Equal(TabularProblemKind.LimitExceeded, XlsxGuard.Check(Workbooks.OneHugeCell(6, shared: true), limits)?.Kind);
        Assert.Equal(TabularProblemKind.LimitExceeded, XlsxGuard.Check(Workbooks.OneHugeCell(6, shared: false), limits)?.Kind);
    }

    public static TheoryData<string> CsvBombs() => ["a million empty cells", "one field of 40 MB", "a million lines", "10,000 columns"];

    private static byte[] CsvBomb(string name) => name switch
    {
        "a million empty cells" => Encoding.UTF8.GetBytes("code,name,type\n" + new string(',', 1_000_000) + "\n"),
        "one field of 40 MB" => Encoding.UTF8.GetBytes("code,name,type\nSO-X," + new string('A', 40 << 20) + ",SO\n"),
        "a million lines" => Encoding.UTF8.GetBytes("code,name,type\n" + string.Concat(Enumerable.Repeat("S,x,SO\n", 1_000_000))),
        _ => Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"c{i}")) + "\n"),
    };

    [Theory]
    [MemberData(nameof(CsvBombs))]
    public void Oversized_csv_files_are_refused_on_their_bytes_before_any_row_is_built(string name)
    {
        var bytes = CsvBomb(name);
        var read = Measured(name, bytes, () => TabularReader.ReadRecords(bytes, "bomb.csv"));
        Assert.Equal(TabularProblemKind.LimitExceeded, read.Problem?.Kind);
    }

    [Fact]
    public void A_quote_inside_a_field_does_not_turn_the_rest_of_a_csv_into_one_cell()
    {
        var csv = Encoding.UTF8.GetBytes("code,name,type\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"S{i},Tên \"đặc biệt\" {i},SO\n")));
        Assert.Null(CsvShape.Check(csv, (byte)',', new TabularLimits { MaxCellChars = 100 }));
    }
}
