using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

public class ScoreRulesTests
{
    private static Item Likert(ScoringRule rule, ItemType type = ItemType.Likert5) =>
        new() { Id = "q", Type = type, DontKnow = true, Scoring = new ItemScoring { Target = "3.2", Rule = rule } };

    [Theory]
    [InlineData("5", 1.0)]
    [InlineData("4", 1.0)]
    [InlineData("3", 0.0)]
    [InlineData("1", 0.0)]
    public void Top_box_counts_answers_of_four_and_five(string answer, double expected)
    {
        Assert.Equal(expected, ScoreRules.Score(Likert(ScoringRule.TopBox), answer));
    }

    [Theory]
    [InlineData("1", 0.0)]
    [InlineData("3", 0.5)]
    [InlineData("4", 0.75)]
    [InlineData("5", 1.0)]
    public void Mean_rescaled_maps_the_scale_onto_zero_one(string answer, double expected)
    {
        Assert.Equal(expected, ScoreRules.Score(Likert(ScoringRule.MeanRescaled), answer)!.Value, 12);
    }

    [Fact]
    public void Likert4_top_box_defaults_to_three_and_above()
    {
        Assert.Equal(1.0, ScoreRules.Score(Likert(ScoringRule.TopBox, ItemType.Likert4), "3"));
        Assert.Equal(0.0, ScoreRules.Score(Likert(ScoringRule.TopBox, ItemType.Likert4), "2"));
    }

    [Theory]
    [InlineData("dk")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("abc")]
    public void Dont_know_and_unanswered_are_excluded(string? answer)
    {
        Assert.Null(ScoreRules.Score(Likert(ScoringRule.TopBox), answer));
    }

    [Fact]
    public void Number_items_rescale_over_their_range()
    {
        var item = new Item { Id = "n", Type = ItemType.Integer, Min = 0, Max = 10, Scoring = new ItemScoring { Target = "8.1", Rule = ScoringRule.MeanRescaled } };

        Assert.Equal(0.7, ScoreRules.Score(item, "7")!.Value, 12);
    }
}
