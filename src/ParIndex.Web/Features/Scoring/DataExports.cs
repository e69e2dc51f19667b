using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using static ParIndex.Web.Features.Scoring.ScoringExports;

namespace ParIndex.Web.Features.Scoring;

/// <summary>
/// Response data exports, streamed row by row from the database to the client (constant memory, no timeout): long
/// form (one row per answer), wide form (one row per response × rated unit, one column per item of a group's
/// questionnaire) and the codebook that explains the columns. UTF-8 with BOM; answers pass through
/// <see cref="SpreadsheetSafe.Cell"/>. No names or contacts: respondents appear only as response ids and design values.
/// </summary>
public static class DataExports
{
    private sealed record Row(long ResponseId, string Group, int Version, string? Unit, string Mode, DateTime? SubmittedAt, string? Stratum, string? Psu, double Weight, byte[] Json);

    /// <summary>
    /// One row per answer set of the counted responses (optionally of one group), in response then answer-set id order,
    /// read as one raw stream (<see cref="ResponseStream"/>: no per-row sub-queries, no sort of the round in SQLite).
    /// </summary>
    private static async IAsyncEnumerable<Row> Rows(ParIndexDbContext db, int roundId, int? groupId, [EnumeratorCancellation] CancellationToken ct)
    {
        var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).ToDictionaryAsync(g => g.Id, g => g.Code, ct);
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Questionnaire!.RoundId == roundId).ToDictionaryAsync(v => v.Id, v => v.Number, ct);
        await foreach (var r in ResponseStream.ReadAsync(db, roundId, groupId, ct))
        {
            foreach (var (_, rated, json) in r.Sets)
            {
                var unit = rated ?? r.UnitId;
                yield return new Row(r.Id, groups[r.GroupId], versions[r.VersionId], unit is { } u ? units.GetValueOrDefault(u) : null, r.Mode.ToString(), r.SubmittedAt,
                    r.Stratum, r.Psu, r.Weight, json);
            }
        }
    }

    /// <summary>Long form: one row per answer.</summary>
    public static readonly IReadOnlyList<string> LongHeader = ["response_id", "group", "questionnaire_version", "unit_code", "item_id", "answer"];

    public static async IAsyncEnumerable<object?[]> LongRows(ParIndexDbContext db, int roundId, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in Rows(db, roundId, null, ct))
        {
            foreach (var (item, answer) in JsonSerializer.Deserialize<Dictionary<string, string>>(r.Json) ?? [])
                yield return [r.ResponseId, r.Group, r.Version, SpreadsheetSafe.Cell(r.Unit), item, SpreadsheetSafe.Cell(answer)];
        }
    }

    /// <summary>
    /// Wide form for one respondent group: one row per response × rated unit, one column per item of the group's
    /// questionnaires; respondent-level answers are repeated on each of the response's unit rows.
    /// </summary>
    public static async Task<(List<string> Header, IAsyncEnumerable<object?[]> Rows)> WideAsync(ParIndexDbContext db, int roundId, string groupCode, CancellationToken ct)
    {
        var group = await db.RespondentGroups.AsNoTracking().FirstOrDefaultAsync(g => g.RoundId == roundId && g.Code == groupCode, ct)
            ?? throw new DomainException("not-found", $"Không có nhóm đối tượng {groupCode} trong đợt này.");
        var items = (await Definitions(db, roundId, group.Id, ct)).SelectMany(d => d.Definition.AllItems().Select(p => p.Item))
            .Where(i => i.IsAnswerable).Select(i => i.Id).Distinct().ToList();
        List<string> header = ["response_id", "questionnaire_version", "unit_code", "mode", "submitted_at", "stratum", "psu", "design_weight", .. items];
        return (header, WideRows(db, roundId, group.Id, items, ct));
    }

    private static async IAsyncEnumerable<object?[]> WideRows(ParIndexDbContext db, int roundId, int groupId, List<string> items, [EnumeratorCancellation] CancellationToken ct)
    {
        Row? head = null;
        var common = new Dictionary<string, string>();
        var units = new List<(string? Unit, Dictionary<string, string> Answers)>();
        IEnumerable<object?[]> Flush()
        {
            if (head is null) yield break;
            if (units.Count == 0) units.Add((head.Unit, []));
            foreach (var (unit, answers) in units)
            {
                var cells = new object?[8 + items.Count];
                (cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]) = (head.ResponseId, head.Version, SpreadsheetSafe.Cell(unit), head.Mode,
                    head.SubmittedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), SpreadsheetSafe.Cell(head.Stratum), SpreadsheetSafe.Cell(head.Psu), head.Weight);
                for (var i = 0; i < items.Count; i++)
                    cells[8 + i] = answers.TryGetValue(items[i], out var a) || common.TryGetValue(items[i], out a) ? SpreadsheetSafe.Cell(a) : null;
                yield return cells;
            }
        }
        await foreach (var r in Rows(db, roundId, groupId, ct))
        {
            if (r.ResponseId != head?.ResponseId)
            {
                foreach (var row in Flush()) yield return row;
                head = r;
                common.Clear();
                units.Clear();
            }
            var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Json) ?? [];
            // A set without any unit holds an official's respondent-level answers; a citizen's belong to the response's unit.
            if (r.Unit is null) foreach (var (k, v) in answers) common[k] = v;
            else units.Add((r.Unit, answers));
        }
        foreach (var row in Flush()) yield return row;
    }

    /// <summary>The codebook: every item of every published questionnaire version with its labels, choices and scoring.</summary>
    public static readonly IReadOnlyList<string> CodebookHeader =
        ["group", "questionnaire", "version", "section", "item_id", "type", "label_vi", "label_en", "choices", "dont_know", "scoring_target", "scoring_rule", "scoring_weight", "top_box_min"];

    public static async Task<List<object?[]>> CodebookRowsAsync(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        foreach (var (group, number, d) in await Definitions(db, roundId, null, ct))
        {
            foreach (var (section, item) in d.AllItems())
            {
                var choices = item.IsLikert
                    ? string.Join(" | ", Enumerable.Range(1, item.ScalePoints).Select(k => $"{k}={(item.ScaleLabels ?? (item.ScalePoints == 5 ? Choices.Likert5Labels.ToList() : Choices.Likert4Labels.ToList()))[k - 1].Get("vi")}"))
                    : item.ChoiceList is { } list && d.ChoiceLists.TryGetValue(list, out var cs) ? string.Join(" | ", cs.Select(c => $"{c.Code}={c.Label.Get("vi")}"))
                    : item.ChoiceList ?? "";
                string[] cells =
                [
                    group, d.Id, number.ToString(System.Globalization.CultureInfo.InvariantCulture), section.Id, item.Id, item.Type.ToString(),
                    item.Label?.Get("vi") ?? "", item.Label?.Get("en") ?? "", choices, item.DontKnow ? Item.DontKnowCode : "",
                    item.Scoring?.Target ?? "", item.Scoring?.Rule?.ToString() ?? "", item.Scoring is { } s ? Field(s.Weight) : "", item.Scoring?.TopBoxMin is { } t ? Field(t) : "",
                ];
                rows.Add([.. cells.Select(c => SpreadsheetSafe.Cell(c) ?? "")]);
            }
        }
        return rows;
    }

    /// <summary>
    /// The long form as CSV — the same bytes as writing <see cref="LongRows"/> line by line, but each response's answers are
    /// formatted into a text block handed to the writer every ~32K characters (one await per block, not per answer, and
    /// no boxed row arrays): 40M answers in seconds rather than minutes. Safe on a response stream (no synchronous writes).
    /// </summary>
    public static async Task WriteLongAsync(ParIndexDbContext db, int roundId, Stream output, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, Utf8Bom, 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync(string.Join(',', LongHeader.Select(Quote)));
        var block = new System.Text.StringBuilder(40 * 1024);
        await foreach (var r in Rows(db, roundId, null, ct))
        {
            // response_id, group, questionnaire_version, unit_code: as Field() formats them, once per answer set.
            var prefix = string.Concat(r.ResponseId.ToString(System.Globalization.CultureInfo.InvariantCulture), ",", Field(r.Group), ",",
                r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ",", Field(SpreadsheetSafe.Cell(r.Unit)), ",");
            foreach (var (item, answer) in JsonSerializer.Deserialize<Dictionary<string, string>>(r.Json) ?? [])
                block.Append(prefix).Append(Field(item)).Append(',').Append(Field(SpreadsheetSafe.Cell(answer))).Append(w.NewLine);
            if (block.Length >= 32 * 1024)
            {
                await w.WriteAsync(block, ct);
                block.Clear();
            }
        }
        await w.WriteAsync(block, ct);
    }

    public static async Task WriteWideAsync(ParIndexDbContext db, int roundId, string groupCode, Stream output, CancellationToken ct)
    {
        var (header, rows) = await WideAsync(db, roundId, groupCode, ct);
        await WriteCsvAsync(output, header, rows, ct);
    }

    public static async Task WriteCodebookAsync(ParIndexDbContext db, int roundId, Stream output, CancellationToken ct) =>
        await WriteCsvAsync(output, CodebookHeader, (await CodebookRowsAsync(db, roundId, ct)).ToAsyncEnumerable(), ct);

    /// <summary>
    /// The long form as XLSX: sheet "long" (continued on "long (2)", "long (3)", … every 1,048,575 answers, Excel's row
    /// limit, header repeated) and the codebook on sheet "codebook".
    /// </summary>
    public static async Task WriteLongXlsxAsync(ParIndexDbContext db, int roundId, Stream output, CancellationToken ct)
    {
        var codebook = await CodebookRowsAsync(db, roundId, ct);
        await using var xlsx = new XlsxStream(output);
        await WriteSheetAsync(xlsx, "long", LongHeader, LongRows(db, roundId, ct), ct);
        await WriteSheetAsync(xlsx, "codebook", CodebookHeader, codebook.ToAsyncEnumerable(), ct);
    }

    /// <summary>The wide form of one group as XLSX (split like the long form past Excel's row limit) with the codebook sheet.</summary>
    public static async Task WriteWideXlsxAsync(ParIndexDbContext db, int roundId, string groupCode, Stream output, CancellationToken ct)
    {
        var (header, rows) = await WideAsync(db, roundId, groupCode, ct);
        var codebook = await CodebookRowsAsync(db, roundId, ct);
        await using var xlsx = new XlsxStream(output);
        await WriteSheetAsync(xlsx, groupCode, header, rows, ct);
        await WriteSheetAsync(xlsx, "codebook", CodebookHeader, codebook.ToAsyncEnumerable(), ct);
    }

    public static async Task WriteCodebookXlsxAsync(ParIndexDbContext db, int roundId, Stream output, CancellationToken ct)
    {
        var codebook = await CodebookRowsAsync(db, roundId, ct);
        await using var xlsx = new XlsxStream(output);
        await WriteSheetAsync(xlsx, "codebook", CodebookHeader, codebook.ToAsyncEnumerable(), ct);
    }

    private static async Task WriteSheetAsync(XlsxStream xlsx, string name, IReadOnlyList<string> header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        await xlsx.BeginSheetAsync(name, header, ct);
        await foreach (var row in rows.WithCancellation(ct)) await xlsx.WriteRowAsync(row, ct);
    }

    private static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, Utf8Bom, 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync(string.Join(',', header.Select(Quote)));
        await foreach (var row in rows.WithCancellation(ct)) await w.WriteLineAsync(string.Join(',', row.Select(Field)));
    }

    private static async Task<List<(string Group, int Number, QuestionnaireDefinition Definition)>> Definitions(ParIndexDbContext db, int roundId, int? groupId, CancellationToken ct)
    {
        var versions = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.Questionnaire!.RoundId == roundId && v.Status != QuestionnaireVersionStatus.Draft && (groupId == null || v.Questionnaire.RespondentGroupId == groupId))
            .OrderBy(v => v.Questionnaire!.RespondentGroup!.SortOrder).ThenBy(v => v.Number)
            .Select(v => new { Group = v.Questionnaire!.RespondentGroup!.Code, v.Number, v.DefinitionJson }).ToListAsync(ct);
        return versions.Select(v => (v.Group, v.Number, QuestionnaireSerializer.FromJson(v.DefinitionJson))).ToList();
    }
}
