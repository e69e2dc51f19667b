using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;

namespace ParIndex.Web.Features.FieldEntry;

/// <summary>Who is keying: the staff account id (the field staff id), the sign-in name, and whether assignments limit them.</summary>
public sealed record Keyer(string UserId, string Name, bool LimitedToAssignments);

public enum KeyingState
{
    Ready,
    UnknownCode,
    OtherRound,
    /// <summary>The member answered on the web (or in an interview): the paper form cannot be keyed.</summary>
    AnsweredOnline,
    NotAssigned,
    /// <summary>Keyed once and not drawn for verification, or verified: nothing left to key.</summary>
    AlreadyVerified,
    /// <summary>Keyed once and waiting for a second keying by someone else.</summary>
    SameKeyer,
    AwaitingResolution,
    NoQuestionnaire,
    RoundClosed,
}

/// <summary>A sample member's paper form, ready to key (pass 1 or the blind pass 2), or why it cannot be keyed.</summary>
public sealed record KeyingTarget(
    KeyingState State,
    Respondent? Respondent = null,
    Round? Round = null,
    RespondentGroup? Group = null,
    QuestionnaireVersion? Version = null,
    QuestionnaireDefinition? Definition = null,
    IReadOnlyList<Unit>? Units = null,
    IReadOnlyList<KeyField>? Fields = null,
    PaperForm? Form = null,
    int Pass = 1,
    string? ReturnComment = null)
{
    /// <summary>Pass numbers from this one on are corrections of an accepted form a supervisor returned.</summary>
    public const int CorrectionPass = 3;
    public bool IsCorrection => Pass >= CorrectionPass;

    public IReadOnlyList<RatedUnit> RatedUnits => (Units ?? []).Select(u => new RatedUnit(u.Code, u.Name)).ToList();

    /// <summary>The refusal in Vietnamese and English, for the keying screen.</summary>
    public (string Vi, string En) Message => State switch
    {
        KeyingState.UnknownCode => ("Không tìm thấy mã người trả lời này trong đợt điều tra. Kiểm tra lại mã in trên phiếu.", "No sample member has this code in the round. Check the code printed on the form."),
        KeyingState.OtherRound => ("Phiếu này thuộc một đợt điều tra khác.", "This form belongs to another survey round."),
        KeyingState.AnsweredOnline => ("Người này đã trả lời trực tuyến; không nhập phiếu giấy của họ. Mỗi người chỉ có một phiếu trả lời, dù theo hình thức nào.", "This member already answered online; their paper form is not keyed. One member, one response, whichever mode."),
        KeyingState.NotAssigned => ("Người này không thuộc phạm vi được phân công cho bạn (đơn vị/nhóm). Liên hệ giám sát viên.", "This member is outside your assignments (units/groups). Ask your supervisor."),
        KeyingState.AlreadyVerified => ("Phiếu này đã được nhập và chấp nhận; không nhập lại.", "This form was keyed and accepted; it is not keyed again."),
        KeyingState.SameKeyer => ("Bạn đã nhập lần 1 phiếu này; lần nhập kiểm tra phải do người khác thực hiện.", "You keyed this form first; the verification keying must be done by someone else."),
        KeyingState.AwaitingResolution => ("Phiếu này đã nhập hai lần và đang chờ giám sát viên xử lý chênh lệch.", "This form was keyed twice and waits for a supervisor to resolve discrepancies."),
        KeyingState.NoQuestionnaire => ("Chưa có bảng hỏi được công bố cho nhóm của người này.", "No published questionnaire for this member's group yet."),
        KeyingState.RoundClosed => ("Đợt điều tra đã kết thúc; không nhập thêm phiếu.", "The round is closed; no more forms are keyed."),
        _ => ("", ""),
    };

    public static async Task<KeyingTarget> Resolve(ParIndexDbContext db, int roundId, string? scanned, Keyer keyer, CancellationToken ct)
    {
        var code = PaperFormCode.Parse(scanned);
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (code is null || round is null) return new(KeyingState.UnknownCode);
        if (code.RoundCode is { Length: > 0 } rc && !string.Equals(rc, round.Code, StringComparison.OrdinalIgnoreCase)) return new(KeyingState.OtherRound);
        var respondent = await db.Respondents.Include(r => r.RespondentGroup).FirstOrDefaultAsync(r => r.RoundId == roundId && r.Code == code.RespondentCode, ct);
        if (respondent is null) return new(KeyingState.UnknownCode);
        if (round.Status is not (RoundStatus.Fieldwork or RoundStatus.Draft)) return new(KeyingState.RoundClosed, respondent, round);

        // Assignments first: whether a member outside them answered online is none of this keyer's business.
        if (keyer.LimitedToAssignments)
        {
            var assignments = await db.FieldAssignments.Where(a => a.RoundId == roundId && a.StaffUserId == keyer.UserId).ToListAsync(ct);
            if (!assignments.Any(a => a.Covers(respondent))) return new(KeyingState.NotAssigned, respondent, round);
        }
        var response = await db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.RespondentId == respondent.Id, ct);
        var form = await db.PaperForms.Include(f => f.Entries).FirstOrDefaultAsync(f => f.RespondentId == respondent.Id, ct);
        if (form is null && response is { Status: ResponseStatus.Submitted }) return new(KeyingState.AnsweredOnline, respondent, round);
        var pass = 1;
        string? returnComment = null;
        if (form is not null)
        {
            switch (form.Status)
            {
                case PaperFormStatus.Verified:
                    // A supervisor returned the accepted form for correction: any keyer corrects it (the next pass from 3 on).
                    var review = await db.ResponseReviews.AsNoTracking().FirstOrDefaultAsync(v => v.ResponseId == form.ResponseId && v.State == ReviewState.Returned, ct);
                    if (review is null) return new(KeyingState.AlreadyVerified, respondent, round, Form: form);
                    returnComment = review.Comment;
                    pass = Math.Max(CorrectionPass, form.Entries.Max(e => e.Pass) + 1);
                    break;
                case PaperFormStatus.AwaitingResolution: return new(KeyingState.AwaitingResolution, respondent, round, Form: form);
                default:
                    if (form.First?.KeyedByUserId == keyer.UserId) return new(KeyingState.SameKeyer, respondent, round, Form: form);
                    pass = 2;
                    break;
            }
        }

        // The version printed on the form (from its QR code) or, typed by hand, the newest published one; a second keying uses the first's.
        var versions = db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == roundId && v.Questionnaire.RespondentGroupId == respondent.RespondentGroupId
                                                          && v.Status != QuestionnaireVersionStatus.Draft);
        var version = form is not null ? await db.QuestionnaireVersions.FirstOrDefaultAsync(v => v.Id == form.QuestionnaireVersionId, ct)
            : code.VersionId is { } vid ? await versions.FirstOrDefaultAsync(v => v.Id == vid, ct)
            : await versions.Where(v => v.Status == QuestionnaireVersionStatus.Published).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (version is null) return new(KeyingState.NoQuestionnaire, respondent, round);
        var group = respondent.RespondentGroup!;
        var units = await db.RatedUnitsForAsync(roundId, group, respondent.Id, ct);
        var definition = PublishedDefinitions.Of(version);
        var fields = KeyingLayout.For(definition, units.Select(u => new RatedUnit(u.Code, u.Name)).ToList());
        return new(KeyingState.Ready, respondent, round, group, version, definition, units, fields, form, pass, returnComment);
    }
}
