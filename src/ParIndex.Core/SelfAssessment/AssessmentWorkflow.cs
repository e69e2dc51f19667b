using ParIndex.Core.Domain;

namespace ParIndex.Core.SelfAssessment;

/// <summary>Where one unit's self-assessment for one period stands (plan 2026 §II.1 and its annex, steps 5–9).</summary>
public enum AssessmentState
{
    /// <summary>The unit is entering scores, justifications and evidence (tự đánh giá).</summary>
    Draft = 0,
    /// <summary>Sent to the council's working group; the unit can no longer edit.</summary>
    Submitted = 1,
    /// <summary>Round-1 draft appraisal sent back (dự thảo thẩm định lần 1): the unit may explain and add evidence until its deadline.</summary>
    ExplanationOpen = 2,
    /// <summary>The unit sent its explanations (giải trình, bổ sung), or its window closed.</summary>
    Explained = 3,
    /// <summary>Round-2 appraisal done (dự thảo thẩm định lần 2), awaiting the council.</summary>
    Round2Done = 4,
    /// <summary>The council approved: the appraised scores are locked.</summary>
    Approved = 5,
}

public enum AssessmentStep
{
    Submit,
    CompleteRound1,
    SubmitExplanation,
    CloseExplanationWindow,
    CompleteRound2,
    Approve,
    /// <summary>The working group returns a submitted self-assessment to the unit (e.g. wrong file attached) before appraising it.</summary>
    ReturnToUnit,
}

/// <summary>
/// The legal moves between <see cref="AssessmentState"/>s. Anything else is refused with a
/// <see cref="DomainException"/> whose code is <c>assessment-illegal-step</c>; an approved assessment never moves again.
/// </summary>
public static class AssessmentWorkflow
{
    private static readonly Dictionary<(AssessmentState, AssessmentStep), AssessmentState> Moves = new()
    {
        [(AssessmentState.Draft, AssessmentStep.Submit)] = AssessmentState.Submitted,
        [(AssessmentState.Submitted, AssessmentStep.ReturnToUnit)] = AssessmentState.Draft,
        [(AssessmentState.Submitted, AssessmentStep.CompleteRound1)] = AssessmentState.ExplanationOpen,
        [(AssessmentState.ExplanationOpen, AssessmentStep.SubmitExplanation)] = AssessmentState.Explained,
        [(AssessmentState.ExplanationOpen, AssessmentStep.CloseExplanationWindow)] = AssessmentState.Explained,
        [(AssessmentState.Explained, AssessmentStep.CompleteRound2)] = AssessmentState.Round2Done,
        [(AssessmentState.Round2Done, AssessmentStep.Approve)] = AssessmentState.Approved,
    };

    public static bool CanMove(AssessmentState from, AssessmentStep step) => Moves.ContainsKey((from, step));

    public static AssessmentState Next(AssessmentState from, AssessmentStep step)
    {
        if (Moves.TryGetValue((from, step), out var to)) return to;
        if (from == AssessmentState.Approved) throw Locked();
        throw new DomainException("assessment-illegal-step", $"Không thể thực hiện bước “{StepName(step)}” khi hồ sơ đang ở trạng thái “{StateName(from)}”.");
    }

    /// <summary>The refusal of any change to an approved assessment.</summary>
    public static DomainException Locked() =>
        new("assessment-locked", "Kết quả đã được Hội đồng thẩm định phê duyệt và bị khóa; không thể thay đổi.");

    /// <summary>Who may still change what: the unit edits its scores only in Draft, its explanations only while the window is open.</summary>
    public static bool UnitMayEditScores(AssessmentState s) => s == AssessmentState.Draft;

    public static bool UnitMayExplain(AssessmentState s) => s == AssessmentState.ExplanationOpen;

    public static bool AppraiserMayEditRound1(AssessmentState s) => s == AssessmentState.Submitted;

    public static bool AppraiserMayEditRound2(AssessmentState s) => s == AssessmentState.Explained;

    public static string StateName(AssessmentState s) => s switch
    {
        AssessmentState.Draft => "Đang tự đánh giá",
        AssessmentState.Submitted => "Đã gửi, chờ thẩm định lần 1",
        AssessmentState.ExplanationOpen => "Đã có dự thảo thẩm định lần 1, đơn vị giải trình",
        AssessmentState.Explained => "Đã giải trình, chờ thẩm định lần 2",
        AssessmentState.Round2Done => "Đã thẩm định lần 2, chờ Hội đồng phê duyệt",
        _ => "Hội đồng đã phê duyệt (khóa)",
    };

    public static string StepName(AssessmentStep s) => s switch
    {
        AssessmentStep.Submit => "gửi tự đánh giá",
        AssessmentStep.CompleteRound1 => "hoàn thành thẩm định lần 1",
        AssessmentStep.SubmitExplanation => "gửi giải trình",
        AssessmentStep.CloseExplanationWindow => "đóng hạn giải trình",
        AssessmentStep.CompleteRound2 => "hoàn thành thẩm định lần 2",
        AssessmentStep.Approve => "phê duyệt",
        _ => "trả lại đơn vị",
    };
}
