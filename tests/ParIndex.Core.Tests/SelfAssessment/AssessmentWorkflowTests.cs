using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;

namespace ParIndex.Core.Tests.SelfAssessment;

public sealed class AssessmentWorkflowTests
{
    [Fact]
    public void The_happy_path_reaches_approved()
    {
        var a = new UnitAssessment();
        foreach (var step in new[] { AssessmentStep.Submit, AssessmentStep.CompleteRound1, AssessmentStep.SubmitExplanation, AssessmentStep.CompleteRound2, AssessmentStep.Approve })
            a.Move(step);
        Assert.Equal(AssessmentState.Approved, a.State);
        Assert.Equal(5, a.Version);
    }

    [Fact]
    public void A_closed_window_without_explanation_also_leads_to_round_2()
    {
        var s = AssessmentWorkflow.Next(AssessmentState.ExplanationOpen, AssessmentStep.CloseExplanationWindow);
        Assert.Equal(AssessmentState.Round2Done, AssessmentWorkflow.Next(s, AssessmentStep.CompleteRound2));
    }

    public static TheoryData<AssessmentState, AssessmentStep> Illegal() => new()
    {
        { AssessmentState.Draft, AssessmentStep.CompleteRound1 },
        { AssessmentState.Draft, AssessmentStep.Approve },
        { AssessmentState.Submitted, AssessmentStep.Submit },
        { AssessmentState.Submitted, AssessmentStep.CompleteRound2 },
        { AssessmentState.ExplanationOpen, AssessmentStep.Approve },
        { AssessmentState.ExplanationOpen, AssessmentStep.ReturnToUnit },
        { AssessmentState.Explained, AssessmentStep.SubmitExplanation },
        { AssessmentState.Round2Done, AssessmentStep.CompleteRound1 },
    };

    [Theory]
    [MemberData(nameof(Illegal))]
    public void Illegal_steps_are_refused_with_a_clear_message(AssessmentState from, AssessmentStep step)
    {
        var e = Assert.Throws<DomainException>(() => AssessmentWorkflow.Next(from, step));
        Assert.Equal("assessment-illegal-step", e.Code);
        Assert.Contains("Không thể", e.Message);
    }

    [Fact]
    public void Nothing_moves_an_approved_assessment()
    {
        foreach (var step in Enum.GetValues<AssessmentStep>())
        {
            var e = Assert.Throws<DomainException>(() => AssessmentWorkflow.Next(AssessmentState.Approved, step));
            Assert.Equal("assessment-locked", e.Code);
        }
    }

    [Fact]
    public void Who_may_edit_follows_the_state()
    {
        Assert.True(AssessmentWorkflow.UnitMayEditScores(AssessmentState.Draft));
        Assert.All(Enum.GetValues<AssessmentState>().Where(s => s != AssessmentState.Draft), s => Assert.False(AssessmentWorkflow.UnitMayEditScores(s)));
        Assert.True(AssessmentWorkflow.UnitMayExplain(AssessmentState.ExplanationOpen));
        Assert.False(AssessmentWorkflow.UnitMayExplain(AssessmentState.Explained));
        Assert.True(AssessmentWorkflow.AppraiserMayEditRound1(AssessmentState.Submitted));
        Assert.False(AssessmentWorkflow.AppraiserMayEditRound1(AssessmentState.ExplanationOpen));
        Assert.True(AssessmentWorkflow.AppraiserMayEditRound2(AssessmentState.Explained));
        Assert.False(AssessmentWorkflow.AppraiserMayEditRound2(AssessmentState.Approved));
    }
}
