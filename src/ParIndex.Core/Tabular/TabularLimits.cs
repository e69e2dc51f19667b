using System.Globalization;

namespace ParIndex.Core.Tabular;

/// <summary>
/// What reading one uploaded table may cost, checked while the file is read — the bytes of a CSV are scanned, the parts
/// of an XLSX are inflated as streams and parsed as XML node by node — before any parser builds rows. A file over a
/// limit is refused as a whole with a <see cref="TabularProblemKind.LimitExceeded"/> problem; nothing is imported.
/// The rows, columns and cells an XLSX <em>implies</em> count, not only those it writes: a reader pads every row to the
/// widest column and fills gaps between row numbers, so one cell at XFD1048576 is a sheet of 17 billion cells.
/// </summary>
public sealed record TabularLimits
{
    /// <summary>Excel's own limit for the text of one cell.</summary>
    public const int ExcelCellChars = 32_767;

    /// <summary>Rows of a sheet or records of a CSV (header included; for an XLSX the highest row number).</summary>
    public int MaxRows { get; init; } = 100_000;

    /// <summary>Columns of a row (for an XLSX the highest column letter, A = 1).</summary>
    public int MaxColumns { get; init; } = 200;

    /// <summary>Cells of one sheet: rows × columns as a reader pads them.</summary>
    public long MaxCells { get; init; } = 500_000;

    /// <summary>Characters of one cell (a shared string counts for every cell that uses it).</summary>
    public int MaxCellChars { get; init; } = ExcelCellChars;

    /// <summary>Characters of all cells of the file together, shared strings counted once per use.</summary>
    public long MaxTotalChars { get; init; } = 20_000_000;

    /// <summary>Uncompressed bytes of one part of an XLSX (a zip entry), counted while it is inflated.</summary>
    public long MaxEntryBytes { get; init; } = 64L << 20;

    /// <summary>Uncompressed bytes of all parts of an XLSX together.</summary>
    public long MaxUncompressedBytes { get; init; } = 128L << 20;

    /// <summary>Parts (zip entries) of an XLSX: a workbook has a dozen or two.</summary>
    public int MaxEntries { get; init; } = 1_000;

    /// <summary>Units, appraisal scores and other small tables: a few thousand rows at most in practice.</summary>
    public static TabularLimits Default { get; } = new();

    /// <summary>
    /// Sampling frames: up to a million members (the 50 MB file limit of <see cref="TabularReader.MaxBytes"/> allows about
    /// that many CSV lines), but no frame needs more than 64 columns.
    /// </summary>
    public static TabularLimits Frames { get; } = new()
    {
        MaxRows = 1_000_001, MaxColumns = 64, MaxCells = 10_000_000, MaxTotalChars = 100_000_000,
        MaxEntryBytes = 1L << 30, MaxUncompressedBytes = 3L << 29,
    };

    /// <summary>XLSForm workbooks: a questionnaire has hundreds of rows per sheet, a few languages, short labels.</summary>
    public static TabularLimits XlsForm { get; } = new()
    {
        MaxRows = 20_000, MaxColumns = 200, MaxCells = 400_000, MaxTotalChars = 4_000_000,
        MaxEntryBytes = 32L << 20, MaxUncompressedBytes = 64L << 20,
    };

    internal static string N(long value) => value.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"));

    internal static string En(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
