using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ParIndex.Core.Tabular;

namespace ParIndex.Core.Sampling;

/// <summary>What the caller knows and wants from an import.</summary>
public sealed record FrameImportOptions
{
    /// <summary>Known respondent group codes (case-insensitive); null skips the check.</summary>
    public IReadOnlyCollection<string>? KnownGroups { get; init; }
    /// <summary>Known unit codes (case-insensitive); null skips the check.</summary>
    public IReadOnlyCollection<string>? KnownUnits { get; init; }
    /// <summary>Groups whose members rate many units (e.g. city council delegates): their unit may be left empty.</summary>
    public IReadOnlyCollection<string>? UnitOptionalGroups { get; init; }
    /// <summary>True when the design selects with πps: the size column is then required and must be &gt; 0.</summary>
    public bool RequireSizeMeasure { get; init; }
    /// <summary>Strata columns that must be present and non-empty in every row.</summary>
    public IReadOnlyList<string> RequiredStrata { get; init; } = [];
    /// <summary>Import the rows without errors and drop the others (still reported). Off by default: a frame with any error imports nothing.</summary>
    public bool ImportCleanRowsOnly { get; init; }
    public int MaxFieldLength { get; init; } = 500;
    public int MaxIdLength { get; init; } = 64;
    /// <summary>What reading the file may cost (rows, columns, cells, characters, inflated bytes); checked before any row is read.</summary>
    public TabularLimits Limits { get; init; } = TabularLimits.Frames;
}

/// <summary>The outcome: a frame only when the file was clean (or clean rows were asked for), and every problem found.</summary>
public sealed record FrameImportResult(Frame? Frame, IReadOnlyList<FrameError> Errors, int RowsRead, int RowsRejected)
{
    public bool IsClean => Errors.Count == 0;
}

/// <summary>
/// Reads a frame from CSV (UTF-8 with or without BOM; separator ',', ';' or tab detected from the
/// header line, or given by Excel's "sep=;" first line) or XLSX (first sheet), maps columns by
/// header (see <see cref="FrameColumns"/>) and validates every row. The rules and the message
/// catalogue are in docs/sampling.md § Validation errors.
/// </summary>
public static partial class FrameImporter
{
    public static FrameImportResult Import(string path, FrameImportOptions options) =>
        Import(File.ReadAllBytes(path), path, options);

    /// <summary>Imports CSV or XLSX, told apart by the file name's extension.</summary>
    public static FrameImportResult Import(byte[] bytes, string fileName, FrameImportOptions options) =>
        Path.GetExtension(fileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? ImportXlsx(bytes, options, fileName)
            : ImportCsv(bytes, options, fileName);

    /// <summary>CSV through <see cref="TabularReader"/> (encoding, BOM, separator, quotes); an XLSX renamed to .csv is refused as binary.</summary>
    public static FrameImportResult ImportCsv(byte[] bytes, FrameImportOptions options, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return FromRecords(TabularReader.ReadRecords(bytes, source ?? "frame.csv", TabularFormat.Csv, options.Limits), options, Frame.HashOf(bytes), source);
    }

    public static FrameImportResult ImportXlsx(byte[] bytes, FrameImportOptions options, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return FromRecords(TabularReader.ReadRecords(bytes, source ?? "frame.xlsx", TabularFormat.Xlsx, options.Limits), options, Frame.HashOf(bytes), source);
    }

    private static FrameImportResult FromRecords(TabularRecords read, FrameImportOptions options, string hash, string? source)
    {
        if (read.Problem is { } p)
            return FileError(p.Line, p.Kind switch
            {
                TabularProblemKind.EmptyFile => FrameErrorCode.EmptyFile,
                TabularProblemKind.BinaryContent => FrameErrorCode.BinaryContent,
                TabularProblemKind.NotUtf8 => FrameErrorCode.NotUtf8,
                TabularProblemKind.UnbalancedQuotes => FrameErrorCode.UnbalancedQuotes,
                TabularProblemKind.LimitExceeded => FrameErrorCode.FileTooLarge,
                _ => FrameErrorCode.UnreadableWorkbook,
            }, p.MessageVi, p.MessageEn);
        return Validate(read.Records.Select(r => new RawRow(r.Line, r.Cells, r.BadField)), options, hash, source);
    }

    private sealed record RawRow(int Line, string[] Cells, string? BadField);

    private static FrameImportResult Validate(IEnumerable<RawRow> all, FrameImportOptions options, string fileHash, string? source)
    {
        using var rows = all.Where(r => !r.Cells.All(string.IsNullOrWhiteSpace)).GetEnumerator();
        if (!rows.MoveNext()) return FileError(0, FrameErrorCode.EmptyFile, "Tệp rỗng, không có dữ liệu.", "The file is empty.");

        var errors = new List<FrameError>();
        var header = rows.Current;
        var headerCells = header.Cells.Select(c => c.Trim().Normalize(NormalizationForm.FormC)).ToList();
        while (headerCells.Count > 0 && headerCells[^1].Length == 0) headerCells.RemoveAt(headerCells.Count - 1);
        var width = headerCells.Count;

        var fieldColumn = new Dictionary<FrameField, int>();
        var strataColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < width; c++)
        {
            var name = headerCells[c];
            if (name.Length == 0)
            {
                errors.Add(new(header.Line, $"#{c + 1}", FrameErrorCode.EmptyHeaderCell,
                    $"Ô tiêu đề thứ {c + 1} để trống; mỗi cột cần một tên.", $"Header cell {c + 1} is empty; every column needs a name."));
                continue;
            }
            var key = FrameColumns.Key(name);
            if (seenKeys.TryGetValue(key, out var first) || (FrameColumns.Match(name) is { } f0 && fieldColumn.ContainsKey(f0)))
            {
                errors.Add(new(header.Line, name, FrameErrorCode.DuplicateHeader,
                    $"Cột '{name}' trùng với một cột đã có ('{first ?? FrameColumns.DisplayName(FrameColumns.Match(name)!.Value)}').",
                    $"Column '{name}' duplicates an earlier column ('{first ?? FrameColumns.DisplayName(FrameColumns.Match(name)!.Value)}')."));
                continue;
            }
            seenKeys[key] = name;
            if (FrameColumns.Match(name) is { } field) fieldColumn[field] = c;
            else strataColumn[name] = c;
        }

        if (fieldColumn.Count == 0)
            return Result(null, [new(header.Line, null, FrameErrorCode.MissingHeader,
                $"Dòng đầu tiên không phải dòng tiêu đề (không có cột nào như 'id', 'nhóm', 'đơn vị'); bắt đầu bằng '{Truncate(string.Join(" | ", headerCells), 60)}'.",
                $"The first line is not a header (no column such as 'id', 'group', 'unit'); it starts '{Truncate(string.Join(" | ", headerCells), 60)}'.")], 0, 0);

        var required = new List<FrameField> { FrameField.Id, FrameField.Group, FrameField.Unit };
        if (options.RequireSizeMeasure) required.Add(FrameField.Size);
        foreach (var f in required.Where(f => !fieldColumn.ContainsKey(f)))
            errors.Add(new(header.Line, FrameColumns.DisplayName(f), FrameErrorCode.MissingRequiredColumn,
                $"Thiếu cột bắt buộc '{FrameColumns.DisplayName(f)}'.", $"Required column '{FrameColumns.DisplayName(f)}' is missing."));
        var requiredStrata = new List<(string Name, int Column)>();
        foreach (var s in options.RequiredStrata)
        {
            var col = strataColumn.FirstOrDefault(p => FrameColumns.Key(p.Key) == FrameColumns.Key(s));
            if (col.Key is null)
                errors.Add(new(header.Line, s, FrameErrorCode.MissingRequiredColumn,
                    $"Thiếu cột phân tầng '{s}'.", $"Strata column '{s}' is missing."));
            else requiredStrata.Add((col.Key, col.Value));
        }
        if (errors.Count > 0) return Result(null, errors, 0, 0);

        var groups = options.KnownGroups?.ToDictionary(g => g, g => g, StringComparer.OrdinalIgnoreCase);
        var units = options.KnownUnits?.ToDictionary(u => u, u => u, StringComparer.OrdinalIgnoreCase);
        var firstLineOfId = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var duplicateIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var records = new List<(FrameRecord Record, bool Ok)>();
        var columnNames = headerCells;

        var rowsRead = 0;
        while (rows.MoveNext())
        {
            var row = rows.Current;
            rowsRead++;
            var rowErrors = new List<FrameError>();
            void Add(string? column, FrameErrorCode code, string vi, string en) => rowErrors.Add(new(row.Line, column, code, vi, en));

            if (row.BadField is not null)
                Add(null, FrameErrorCode.BadQuote, $"Dấu ngoặc kép đặt sai trong ô '{Truncate(row.BadField, 40)}' (dấu \" trong ô phải được nhân đôi \"\").",
                    $"Misplaced double quote in cell '{Truncate(row.BadField, 40)}' (a \" inside a cell must be doubled \"\").");
            var extra = row.Cells.Skip(width).Any(c => !string.IsNullOrWhiteSpace(c));
            if (row.Cells.Length < width || extra)
            {
                Add(null, FrameErrorCode.WrongColumnCount,
                    $"Dòng có {row.Cells.Length} ô nhưng tiêu đề có {width} cột (thiếu hoặc thừa dấu phân cách?).",
                    $"The row has {row.Cells.Length} cells but the header has {width} columns (a missing or extra separator?).");
                records.Add((null!, false));
                errors.AddRange(rowErrors);
                continue;
            }

            var cells = new string[width];
            for (var c = 0; c < width; c++)
            {
                var raw = row.Cells[c];
                var value = raw.Trim().Normalize(NormalizationForm.FormC);
                cells[c] = value;
                var column = columnNames[c];
                if (value.Length == 0) continue;
                var control = value.FirstOrDefault(ch => char.IsControl(ch));
                if (control != default)
                    Add(column, FrameErrorCode.ControlCharacter, $"Ô chứa ký tự điều khiển U+{(int)control:X4} (xuống dòng, tab…).",
                        $"The cell contains control character U+{(int)control:X4} (line break, tab…).");
                if (value.Contains('\uFFFD'))
                    Add(column, FrameErrorCode.ReplacementCharacter, "Ô chứa ký tự lỗi '\uFFFD' (dữ liệu bị hỏng mã khi chuyển đổi).",
                        "The cell contains the replacement character '\uFFFD' (text damaged by an earlier conversion).");
                var limit = fieldColumn.TryGetValue(FrameField.Id, out var idc) && idc == c ? options.MaxIdLength : options.MaxFieldLength;
                if (value.Length > limit)
                    Add(column, FrameErrorCode.FieldTooLong, $"Ô dài {value.Length} ký tự, vượt giới hạn {limit}.",
                        $"The cell is {value.Length} characters long, over the limit of {limit}.");
                if (LooksLikeFormula(value))
                    Add(column, FrameErrorCode.FormulaInjection,
                        $"Ô bắt đầu bằng '{value[0]}' như một công thức bảng tính ('{Truncate(value, 30)}'); bị từ chối để tránh chèn công thức.",
                        $"The cell starts with '{value[0]}' like a spreadsheet formula ('{Truncate(value, 30)}'); rejected to prevent formula injection.");
            }

            string Get(FrameField f) => fieldColumn.TryGetValue(f, out var c) ? cells[c] : "";
            string? Opt(FrameField f) => Get(f) is { Length: > 0 } v ? v : null;

            var id = Get(FrameField.Id);
            if (id.Length == 0) Add("id", FrameErrorCode.MissingId, "Thiếu mã (id).", "The id is missing.");
            else if (!IdPattern().IsMatch(id))
                Add("id", FrameErrorCode.InvalidIdCharacters, $"Mã '{Truncate(id, 30)}' chứa ký tự không hợp lệ (chỉ dùng chữ, số, '-', '_', '.', '/').",
                    $"Id '{Truncate(id, 30)}' has invalid characters (use letters, digits, '-', '_', '.', '/').");
            else if (firstLineOfId.TryGetValue(id, out var firstLine))
            {
                Add("id", FrameErrorCode.DuplicateId, $"Mã '{id}' trùng với dòng {firstLine}.", $"Id '{id}' duplicates line {firstLine}.");
                duplicateIds.Add(id);
            }
            else firstLineOfId[id] = row.Line;

            var group = Get(FrameField.Group);
            if (group.Length == 0) Add("group", FrameErrorCode.MissingGroup, "Thiếu mã nhóm đối tượng.", "The respondent group is missing.");
            else if (groups is not null)
            {
                if (groups.TryGetValue(group, out var g)) group = g;
                else Add("group", FrameErrorCode.UnknownGroup, $"Nhóm đối tượng '{Truncate(group, 30)}' không có trong danh mục.", $"Unknown respondent group '{Truncate(group, 30)}'.");
            }
            var unit = Get(FrameField.Unit);
            if (unit.Length == 0)
            {
                if (options.UnitOptionalGroups?.Contains(group, StringComparer.OrdinalIgnoreCase) != true)
                    Add("unit", FrameErrorCode.MissingUnit, "Thiếu mã đơn vị.", "The unit is missing.");
            }
            else if (units is not null)
            {
                if (units.TryGetValue(unit, out var u)) unit = u;
                else Add("unit", FrameErrorCode.UnknownUnit, $"Đơn vị '{Truncate(unit, 30)}' không có trong danh mục.", $"Unknown unit '{Truncate(unit, 30)}'.");
            }

            double? size = null;
            var sizeText = Get(FrameField.Size);
            if (sizeText.Length == 0)
            {
                if (options.RequireSizeMeasure) Add("size", FrameErrorCode.MissingSize, "Thiếu quy mô (cần cho chọn mẫu PPS).", "The size measure is missing (needed for PPS selection).");
            }
            else if (ParseNumber(sizeText, out var parsed) is { } numberProblem)
            {
                if (numberProblem == FrameErrorCode.AmbiguousNumber)
                    Add("size", numberProblem, $"Quy mô '{Truncate(sizeText, 20)}' có cả dấu chấm và dấu phẩy; không rõ đâu là dấu thập phân.",
                        $"Size '{Truncate(sizeText, 20)}' has both '.' and ','; the decimal mark is ambiguous.");
                else if (numberProblem == FrameErrorCode.NonFiniteSize)
                    Add("size", numberProblem, $"Quy mô '{Truncate(sizeText, 20)}' không phải số hữu hạn.", $"Size '{Truncate(sizeText, 20)}' is not a finite number.");
                else if (!LooksLikeFormula(sizeText))
                    Add("size", numberProblem, $"Quy mô '{Truncate(sizeText, 20)}' không phải là số.", $"Size '{Truncate(sizeText, 20)}' is not a number.");
            }
            else if (parsed < 0)
                Add("size", FrameErrorCode.NegativeSize, $"Quy mô {sizeText} âm.", $"Size {sizeText} is negative.");
            else if (parsed == 0 && options.RequireSizeMeasure)
                Add("size", FrameErrorCode.ZeroSize, "Quy mô bằng 0: đơn vị này không thể được chọn theo PPS.", "Size is 0: the unit could never be selected by PPS.");
            else size = parsed;

            var email = Opt(FrameField.Email);
            if (email is not null && (email.Length > 254 || !EmailPattern().IsMatch(email)))
                Add("email", FrameErrorCode.InvalidEmail, $"Địa chỉ thư điện tử '{Truncate(email, 40)}' không hợp lệ.", $"Invalid e-mail address '{Truncate(email, 40)}'.");
            var phone = Opt(FrameField.Phone);
            if (phone is not null && !LooksLikeFormula(phone) && !PhonePattern().IsMatch(PhoneSeparators().Replace(phone, "")))
                Add("phone", FrameErrorCode.InvalidPhone, $"Số điện thoại '{Truncate(phone, 30)}' không hợp lệ (ví dụ đúng: 0912 345 678, +84 24 3825 1234).",
                    $"Invalid phone number '{Truncate(phone, 30)}' (valid: 0912 345 678, +84 24 3825 1234).");

            var c1 = Opt(FrameField.Cluster1); var c2 = Opt(FrameField.Cluster2); var c3 = Opt(FrameField.Cluster3);
            if ((c2 is not null && c1 is null) || (c3 is not null && c2 is null))
                Add(c1 is null ? "cluster1" : "cluster2", FrameErrorCode.ClusterWithoutParent,
                    "Có mã cụm cấp dưới nhưng thiếu mã cụm cấp trên (ví dụ có thôn nhưng thiếu xã).",
                    "A lower-stage cluster id is given without its parent (e.g. a village without its commune).");

            foreach (var (name, col) in requiredStrata)
                if (cells[col].Length == 0)
                    Add(name, FrameErrorCode.MissingStratumValue, $"Thiếu giá trị cột phân tầng '{name}'.", $"Strata column '{name}' is empty.");

            errors.AddRange(rowErrors);
            var strata = strataColumn.ToDictionary(p => p.Key, p => cells[p.Value], StringComparer.Ordinal);
            records.Add((new FrameRecord
            {
                Id = id, Name = Get(FrameField.Name), Phone = phone, Email = email, Address = Opt(FrameField.Address),
                GroupCode = group, UnitCode = unit, Strata = strata, Cluster1 = c1, Cluster2 = c2, Cluster3 = c3,
                SizeMeasure = size, Line = row.Line,
            }, rowErrors.Count == 0));
        }

        if (rowsRead == 0)
            return FileError(header.Line, FrameErrorCode.NoDataRows, "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.", "The file has a header but no data rows.");
        var clean = records.Where(r => r.Ok && !duplicateIds.Contains(r.Record.Id)).Select(r => r.Record).ToList();
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (errors.Count == 0) return Result(new Frame(clean, fileHash, source), errors, rowsRead, 0);
        if (!options.ImportCleanRowsOnly || clean.Count == 0) return Result(null, errors, rowsRead, rowsRead);
        return Result(new Frame(clean, null, source), errors, rowsRead, rowsRead - clean.Count);
    }

    /// <summary>
    /// Parses a number written as Excel writes it: '.' decimal point, or ',' as decimal comma when
    /// there is no '.'; spaces (thousands groups) are ignored; both '.' and ',' is ambiguous.
    /// </summary>
    internal static FrameErrorCode? ParseNumber(string text, out double value)
    {
        value = 0;
        var t = text.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "");
        if (t.Contains('.') && t.Contains(',')) return FrameErrorCode.AmbiguousNumber;
        t = t.Replace(',', '.');
        if (!double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
            return NonFiniteWords().IsMatch(t) ? FrameErrorCode.NonFiniteSize : FrameErrorCode.NonNumericSize;
        return double.IsFinite(value) ? null : FrameErrorCode.NonFiniteSize;
    }

    /// <summary>
    /// Cells that a spreadsheet would run as a formula (OWASP "CSV injection"): a first character
    /// '=' or '@', or '+' / '-' not followed by a digit, a space or '(' (so "+84 912…" and "-5" stay data).
    /// They are rejected, not neutralised: a frame is an official list and silently changing a
    /// value is worse than asking for a corrected file.
    /// </summary>
    internal static bool LooksLikeFormula(string value)
    {
        if (value.Length == 0) return false;
        return value[0] switch
        {
            '=' or '@' => true,
            '+' or '-' => value.Length > 1 && !char.IsDigit(value[1]) && value[1] != ' ' && value[1] != '.',
            _ => false,
        };
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private static FrameImportResult FileError(int line, FrameErrorCode code, string vi, string en) =>
        Result(null, [new FrameError(line, null, code, vi, en)], 0, 0);

    private static FrameImportResult Result(Frame? frame, List<FrameError> errors, int read, int rejected) =>
        new(frame, errors, read, rejected);

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}\-_./]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[^@\s""<>,;]+@[^@\s""<>,;]+\.[^@\s""<>,;.]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    /// <summary>Vietnamese numbers: 0 or +84/84 then 8–10 digits (mobile 9, landline 024 + 8); international + and 8–15 digits.</summary>
    [GeneratedRegex(@"^((\+?84|0)\d{8,10}|\+\d{8,15})$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[\s.\-()]", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^[+-]?(nan|inf|infinity|∞)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonFiniteWords();
}
