using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>
/// Printable paper forms (A4, print CSS) from any non-draft questionnaire version: one per sample member, with the
/// respondent code and a QR code naming the member and the version, box numbers matching the keying screen.
/// </summary>
[Authorize(Policy = Policies.FieldEntry)]
public sealed class PrintModel(ParIndexDbContext db) : FieldPage
{
    public const int MaxForms = 500;

    [FromRoute] public int RoundId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public int? GroupId { get; set; }
    [BindProperty(SupportsGet = true)] public int? UnitId { get; set; }
    [BindProperty(SupportsGet = true)] public int? VersionId { get; set; }

    public Round Round { get; private set; } = null!;
    /// <summary>One member's form: its units (all the group's, or its assigned ones under a matrix design) and their boxes.</summary>
    public sealed record Sheet(Respondent Member, string? UnitName, PaperFormCode Code, string QrDataUri, IReadOnlyList<Unit> Units, IReadOnlyList<KeyField> Fields);
    public IReadOnlyList<Sheet> Sheets { get; private set; } = [];
    public QuestionnaireDefinition? Definition { get; private set; }
    public QuestionnaireVersion? Version { get; private set; }
    public IReadOnlyList<KeyField> Fields { get; private set; } = [];
    public IReadOnlyList<Unit> RatedUnits { get; private set; } = [];
    public IReadOnlyList<(int Id, string Label)> Versions { get; private set; } = [];
    public IReadOnlyList<(int Id, string Code)> Groups { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>
    /// Skip logic in words for a paper form (<see cref="LogicText"/>), naming questions by their box numbers: inside a
    /// unit's block (<paramref name="unitCode"/>) a grid question is that unit's box.
    /// </summary>
    public LogicText Logic(Sheet sheet, string? unitCode)
    {
        if (!boxes.TryGetValue(sheet, out var map))
            boxes[sheet] = map = sheet.Fields.ToDictionary(f => (f.ItemId, f.UnitCode), f => f.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LogicText(Definition!, Infrastructure.Ui.Lang, id => map.GetValueOrDefault((id, unitCode)) ?? map.GetValueOrDefault((id, null)),
            sheet.Units.Select(u => new RatedUnit(u.Code, u.Name)).ToList());
    }

    private readonly Dictionary<Sheet, Dictionary<(string, string?), string>> boxes = new(ReferenceEqualityComparer.Instance);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == RoundId, ct);
        if (round is null) return NotFound();
        Round = round;
        Groups = (await db.RespondentGroups.Where(g => g.RoundId == RoundId).OrderBy(g => g.SortOrder).Select(g => new { g.Id, g.Code }).ToListAsync(ct)).Select(g => (g.Id, g.Code)).ToList();
        Units = (await db.Units.Where(u => u.RoundId == RoundId).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
        Versions = (await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == RoundId && v.Status != QuestionnaireVersionStatus.Draft)
            .OrderBy(v => v.Questionnaire!.Code).ThenBy(v => v.Number).Select(v => new { v.Id, v.Questionnaire!.Code, v.Number }).ToListAsync(ct))
            .Select(v => (v.Id, $"{v.Code} v{v.Number}")).ToList();

        var members = db.Respondents.AsNoTracking().Include(r => r.Unit).Where(r => r.RoundId == RoundId);
        if (!string.IsNullOrWhiteSpace(Code)) members = members.Where(r => r.Code == Code.Trim().ToUpperInvariant());
        else if (GroupId is { } g)
            // Forms for those who have not answered yet (a paper form for a member who answered online would be refused at keying).
            members = members.Where(r => r.RespondentGroupId == g && (UnitId == null || r.UnitId == UnitId) && r.Status == RespondentStatus.Active
                                         && !db.Responses.Any(x => x.RespondentId == r.Id && x.Status == ResponseStatus.Submitted));
        else return Page();
        var list = await members.OrderBy(r => r.Code).Take(MaxForms + 1).ToListAsync(ct);
        if (list.Count == 0) { Error = Infrastructure.Ui.L("Không có người trả lời nào phù hợp.", "No matching sample member."); return Page(); }
        if (list.Count > MaxForms) { Error = Infrastructure.Ui.L($"Quá {MaxForms} phiếu; chọn thêm đơn vị.", $"More than {MaxForms} forms; choose a unit too."); return Page(); }
        if (list.Select(r => r.RespondentGroupId).Distinct().Count() > 1) { Error = Infrastructure.Ui.L("Chọn người trả lời của một nhóm.", "Choose members of one group."); return Page(); }

        var groupId = list[0].RespondentGroupId;
        var versions = db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == RoundId && v.Questionnaire.RespondentGroupId == groupId && v.Status != QuestionnaireVersionStatus.Draft);
        Version = VersionId is { } vid ? await versions.FirstOrDefaultAsync(v => v.Id == vid, ct)
            : await versions.Where(v => v.Status == QuestionnaireVersionStatus.Published).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (Version is null) { Error = Infrastructure.Ui.L("Nhóm này chưa có phiên bản bảng hỏi được công bố (hoặc phiên bản đã chọn thuộc nhóm khác).", "This group has no published version (or the chosen version belongs to another group)."); return Page(); }
        Definition = PublishedDefinitions.Of(Version);
        var group = await db.RespondentGroups.FirstAsync(x => x.Id == groupId, ct);
        RatedUnits = await db.RatedUnitsAsync(RoundId, group, ct);
        Fields = KeyingLayout.For(Definition, RatedUnits.Select(u => new RatedUnit(u.Code, u.Name)).ToList());
        // Under a matrix design each member's form lists only its assigned units (and numbers its boxes for them, as keying does).
        var ids = list.Select(r => r.Id).ToList();
        var assigned = (await db.UnitAssignments.AsNoTracking().Where(a => ids.Contains(a.RespondentId)).Select(a => new { a.RespondentId, a.UnitId }).ToListAsync(ct))
            .GroupBy(a => a.RespondentId).ToDictionary(g => g.Key, g => g.Select(a => a.UnitId).ToHashSet());
        Sheets = list.Select(r =>
        {
            var code = new PaperFormCode(round.Code, r.Code, Version.Id);
            if (!assigned.TryGetValue(r.Id, out var mine)) return new Sheet(r, r.Unit?.Name, code, code.QrDataUri(), RatedUnits, Fields);
            var own = RatedUnits.Where(u => mine.Contains(u.Id)).ToList();
            return new Sheet(r, r.Unit?.Name, code, code.QrDataUri(), own, KeyingLayout.For(Definition, own.Select(u => new RatedUnit(u.Code, u.Name)).ToList()));
        }).ToList();
        return Page();
    }
}
