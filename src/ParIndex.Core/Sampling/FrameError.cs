namespace ParIndex.Core.Sampling;

/// <summary>
/// Stable codes of frame problems (catalogue in docs/sampling.md § Validation errors). File-level
/// problems have codes below 100 and line 0 or the line where they were found.
/// </summary>
public enum FrameErrorCode
{
    EmptyFile = 1,
    BinaryContent = 2,
    NotUtf8 = 3,
    MissingHeader = 4,
    DuplicateHeader = 5,
    MissingRequiredColumn = 6,
    UnbalancedQuotes = 7,
    NoDataRows = 8,
    UnreadableWorkbook = 9,
    EmptyHeaderCell = 10,
    /// <summary>The file is over a reading limit (rows, columns, cells, characters, inflated size): refused before any row is read.</summary>
    FileTooLarge = 11,

    WrongColumnCount = 100,
    MissingId = 101,
    DuplicateId = 102,
    MissingGroup = 103,
    UnknownGroup = 104,
    MissingUnit = 105,
    UnknownUnit = 106,
    MissingSize = 107,
    NonNumericSize = 108,
    NegativeSize = 109,
    ZeroSize = 110,
    NonFiniteSize = 111,
    InvalidEmail = 112,
    InvalidPhone = 113,
    FieldTooLong = 114,
    ControlCharacter = 115,
    FormulaInjection = 116,
    BadQuote = 117,
    ReplacementCharacter = 118,
    ClusterWithoutParent = 119,
    ClusterInTwoParents = 120,
    MissingStratumValue = 121,
    InvalidIdCharacters = 122,
    AmbiguousNumber = 123,
}

/// <summary>One problem, with the 1-based line (0 = whole file), the column header, and messages in Vietnamese and English.</summary>
public sealed record FrameError(int Line, string? Column, FrameErrorCode Code, string MessageVi, string MessageEn)
{
    public override string ToString() => Line > 0
        ? $"Dòng {Line}{(Column is null ? "" : $", cột '{Column}'")}: {MessageVi} / Line {Line}{(Column is null ? "" : $", column '{Column}'")}: {MessageEn}"
        : $"{MessageVi} / {MessageEn}";
}
