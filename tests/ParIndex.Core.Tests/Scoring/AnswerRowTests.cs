using System.Text;
using System.Text.Json;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;

namespace ParIndex.Core.Tests.Scoring;

/// <summary>Scoring answers straight from the JSON bytes gives exactly what the dictionary path gives.</summary>
public sealed class AnswerRowTests
{
    private static QuestionnaireDefinition Definition() => new()
    {
        Id = "t",
        Sections =
        [
            new Section
            {
                Id = "s",
                Items =
                [
                    new Item { Id = "q1", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.1", Rule = ScoringRule.MeanRescaled } },
                    new Item { Id = "q2", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.1", Rule = ScoringRule.MeanRescaled, Weight = 2 } },
                    new Item { Id = "q3", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.2", Rule = ScoringRule.TopBox } },
                    new Item { Id = "câu4", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "access", Rule = ScoringRule.TopBox } },
                    new Item { Id = "note", Type = ItemType.Text },
                ],
            },
        ],
    };

    private static List<TargetScore> Slow(ItemScorer scorer, params string[] sets)
    {
        Dictionary<string, string>? merged = null;
        foreach (var json in sets)
        {
            var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
            if (merged is null) merged = answers;
            else foreach (var (k, v) in answers) merged.TryAdd(k, v);
        }
        return scorer.Scores(merged!).ToList();
    }

    private static List<TargetScore> Fast(AnswerRow row, params string[] sets)
    {
        row.Clear();
        foreach (var json in sets) row.Add(Encoding.UTF8.GetBytes(json));
        return row.Scores().ToList();
    }

    [Theory]
    [InlineData(null, new[] { """{"q1":"5","q2":"dk","q3":"4","câu4":"2","note":"x"}""" })]
    [InlineData(3.0, new[] { """{"q1":" 3 ","q2":"","q3":"3","\u0063\u00e2u4":"5"}""" })]
    [InlineData(null, new[] { """{"q1":"1","q1":"4","zz":"5"}""" })]
    [InlineData(null, new[] { """{"q1":"2"}""", """{"q1":"5","q3":"5"}""" })]
    [InlineData(null, new[] { """{"q2":"abc","q3":"4.0"}""", """{}""" })]
    [InlineData(4.0, new[] { """{"q3":"5","câu4":"3"}""" })]
    public void Same_scores_as_deserialising_to_a_dictionary(double? threshold, string[] sets)
    {
        var scorer = new ItemScorer(Definition(), threshold);
        var row = scorer.NewRow();
        Fast(row, """{"q1":"5","q2":"5","q3":"5","câu4":"5"}"""); // a previous row must not leak into the next
        Assert.Equal(Slow(scorer, sets), Fast(row, sets));
    }

    [Fact]
    public void The_same_answer_text_is_scored_the_same_after_it_is_remembered()
    {
        var scorer = new ItemScorer(Definition(), null);
        var row = scorer.NewRow();
        for (var i = 0; i < 40; i++)
        {
            var json = $$"""{"q1":"{{1 + i % 5}}","q3":"{{(i % 7 == 0 ? "dk" : (1 + i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture))}}","q2":"{{i}}"}""";
            Assert.Equal(Slow(scorer, json), Fast(row, json));
        }
    }

    [Theory]
    [InlineData("""{"q1":5}""")]
    [InlineData("""{"q1":["5"]}""")]
    [InlineData("""["5"]""")]
    public void Json_the_dictionary_path_refuses_is_refused(string json)
    {
        var scorer = new ItemScorer(Definition(), null);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, string>>(json));
        Assert.ThrowsAny<JsonException>(() => scorer.NewRow().Add(Encoding.UTF8.GetBytes(json)));
    }
}
