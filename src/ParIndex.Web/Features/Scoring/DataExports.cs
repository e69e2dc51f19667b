using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
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
    private sealed record Row(long ResponseId, string Group, int Version, string? Unit, string Mode, DateTime? SubmittedAt, string? Stratum, string? Psu, double Weight, string Json);

    private static IAsyncEnumerable<Row> Rows(ParIndexDbContext db, int roundId, int? groupId) =>
        db.AnswerSets.AsNoTracking()
            .Join(db.CountedResponses(roundId).Where(r => groupId == null || r.RespondentGroupId == groupId),
                s => s.ResponseId, r => r.Id, (s, r) => new { s, r })
            .OrderBy(x => x.s.ResponseId).ThenBy(x => x.s.Id)
            .Select(x => new Row(x.r.Id, db.RespondentGroups.Where(g => g.Id == x.r.RespondentGroupId).Select(g => g.Code).First(),
                x.r.QuestionnaireVersion!.Number,
                db.Units.Where(u => u.Id == (x.s.RatedUnitId ?? x.r.UnitId)).Select(u => u.Code).FirstOrDefault(),
                x.r.Mode.ToString(), x.r.SubmittedAt,
                db.Respondents.Where(m => m.Id == x.r.RespondentId).Select(m => m.Stratum).FirstOrDefault(),
                db.Respondents.Where(m => m.Id == x.r.RespondentId).Select(m => m.Psu).FirstOrDefault(),
                db.Respondents.Where(m => m.Id == x.r.RespondentId).Select(m => (double?)m.DesignWeight).FirstOrDefault() ?? 1.0,
                x.s.AnswersJson))
            .AsAsyncEnumerable();

    public static async Task WriteLongAsync(ParIndexDbContext db, int roundId, Stream output, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, Utf8Bom, 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync("response_id,group,questionnaire_version,unit_code,item_id,answer");
        await foreach (var r in Rows(db, roundId, null).WithCancellation(ct))
        {
            foreach (var (item, answer) in JsonSerializer.Deserialize<Dictionary<string, string>>(r.Json) ?? [])
                await w.WriteLineAsync($"{r.ResponseId},{Quote(r.Group)},{r.Version},{Quote(SpreadsheetSafe.Cell(r.Unit) ?? "")},{Quote(item)},{Quote(SpreadsheetSafe.Cell(answer) ?? "")}");
        }
    }

    /// <summary>Wide form for one respondent group: respondent-level answers are repeated on each of the response's unit rows.</summary>
    public static async Task WriteWideAsync(ParIndexDbContext db, int roundId, string groupCode, Stream output, CancellationToken ct)
    {
        var group = await db.RespondentGroups.AsNoTracking().FirstOrDefaultAsync(g => g.RoundId == roundId && g.Code == groupCode, ct)
            ?? throw new DomainException("not-found", $"Không có nhóm đối tượng {groupCode} trong đợt này.");
        var items = (await Definitions(db, roundId, group.Id, ct)).SelectMany(d => d.Definition.AllItems().Select(p => p.Item))
            .Where(i => i.IsAnswerable).Select(i => i.Id).Distinct().ToList();
        await using var w = new StreamWriter(output, Utf8Bom, 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync(string.Join(',', new[] { "response_id", "questionnaire_version", "unit_code", "mode", "submitted_at", "stratum", "psu", "design_weight" }.Concat(items).Select(Quote)));
        long current = -1;
        Row? head = null;
        var common = new Dictionary<string, string>();
        var units = new List<(string? Unit, Dictionary<string, string> Answers)>();
        async Task Flush()
        {
            if (head is null) return;
            if (units.Count == 0) units.Add((head.Unit, []));
            foreach (var (unit, answers) in units)
            {
                var cells = new List<string> { head.ResponseId.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Quote(SpreadsheetSafe.Cell(unit) ?? ""), head.Mode, head.SubmittedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    Quote(SpreadsheetSafe.Cell(head.Stratum) ?? ""), Quote(SpreadsheetSafe.Cell(head.Psu) ?? ""), Field(head.Weight) };
                cells.AddRange(items.Select(i => answers.TryGetValue(i, out var a) || common.TryGetValue(i, out a) ? Quote(SpreadsheetSafe.Cell(a) ?? "") : ""));
                await w.WriteLineAsync(string.Join(',', cells));
            }
        }
        await foreach (var r in Rows(db, roundId, group.Id).WithCancellation(ct))
        {
            if (r.ResponseId != current)
            {
                await Flush();
                (current, head) = (r.ResponseId, r);
                common.Clear();
                units.Clear();
            }
            var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Json) ?? [];
            // A set without any unit holds an official's respondent-level answers; a citizen's belong to the response's unit.
            if (r.Unit is null) foreach (var (k, v) in answers) common[k] = v;
            else units.Add((r.Unit, answers));
        }
        await Flush();
    }

    public static async Task WriteCodebookAsync(ParIndexDbContext db, int roundId, Stream output, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, Utf8Bom, 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync("group,questionnaire,version,section,item_id,type,label_vi,label_en,choices,dont_know,scoring_target,scoring_rule,scoring_weight,top_box_min");
        foreach (var (group, number, d) in await Definitions(db, roundId, null, ct))
        {
            foreach (var (section, item) in d.AllItems())
            {
                var choices = item.IsLikert
                    ? string.Join(" | ", Enumerable.Range(1, item.ScalePoints).Select(k => $"{k}={(item.ScaleLabels ?? (item.ScalePoints == 5 ? Choices.Likert5Labels.ToList() : Choices.Likert4Labels.ToList()))[k - 1].Get("vi")}"))
                    : item.ChoiceList is { } list && d.ChoiceLists.TryGetValue(list, out var cs) ? string.Join(" | ", cs.Select(c => $"{c.Code}={c.Label.Get("vi")}"))
                    : item.ChoiceList ?? "";
                var cells = new[]
                {
                    group, d.Id, number.ToString(System.Globalization.CultureInfo.InvariantCulture), section.Id, item.Id, item.Type.ToString(),
                    item.Label?.Get("vi") ?? "", item.Label?.Get("en") ?? "", choices, item.DontKnow ? Item.DontKnowCode : "",
                    item.Scoring?.Target ?? "", item.Scoring?.Rule?.ToString() ?? "", item.Scoring is { } s ? Field(s.Weight) : "", item.Scoring?.TopBoxMin is { } t ? Field(t) : "",
                };
                await w.WriteLineAsync(string.Join(',', cells.Select(c => Quote(SpreadsheetSafe.Cell(c) ?? ""))));
            }
        }
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
