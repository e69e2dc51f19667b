using System.Text;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Tests.Questionnaires;

/// <summary>
/// Hostile and random input never escapes as an unexpected exception: the web layer turns
/// our typed failures into clean 400s, anything else would be a 500.
/// </summary>
public class RobustnessTests
{
    private static readonly string[] Fragments =
    [
        "${q1}", "${unit}", ".", "'x'", "\"y\"", "1", "2.5", "-", "+", "*", "div", "mod", "and", "or", "=", "!=", "<", ">=",
        "(", ")", ",", "selected(", "count-selected(", "if(", "today()", "not(", "round(", " ", "$", "{", "}", "'", "name", "1e5", "..",
    ];

    [Fact]
    public void Random_expressions_either_parse_or_fail_with_a_position()
    {
        var rng = new Random(20261123);
        var ctx = new DictionaryContext { Current = Value.String("a b") };
        ctx.Variables["q1"] = Value.Number(3);
        for (var i = 0; i < 20_000; i++)
        {
            var sb = new StringBuilder();
            for (var n = rng.Next(1, 12); n > 0; n--) sb.Append(Fragments[rng.Next(Fragments.Length)]);
            var text = sb.ToString();
            if (Expression.TryParse(text, out var e, out var error))
            {
                _ = e!.Evaluate(ctx); // must not throw
                _ = e.ToJson();
            }
            else
            {
                Assert.StartsWith("position ", error!.Message);
                Assert.InRange(error.Position, 1, text.Length + 1);
            }
        }
    }

    public static TheoryData<string> Files() => DefaultQuestionnairesTests.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void Random_posts_are_checked_without_exceptions(string file)
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, file));
        var engine = AnswerEngine.Create(def);
        var units = DefaultQuestionnairesTests.UnitsFor(def.UnitType);
        var ids = def.AllItems().Select(p => p.Item.Id).Append("nope").Append("").ToArray();
        string[] values = ["", " ", "1", "5", "6", "0", "-1", "dk", "1 2", "a", "yes", "2026-11-01", "2026-13-40", "1e9", "NaN", "Infinity",
            "1.5", "1,5", "SO-TC XA-BD", "<script>", "=HYPERLINK(\"x\")", new string('x', 5000), "\u0000\u202e", "đ ư ơ"];
        var unitCodes = units.Select(u => u.Code).Append("BOGUS").ToArray();
        var rng = new Random(file.Length);
        for (var i = 0; i < 300; i++)
        {
            var data = new ResponseData();
            for (var n = rng.Next(0, 40); n > 0; n--)
            {
                var unit = rng.Next(3) == 0 ? unitCodes[rng.Next(unitCodes.Length)] : null;
                data.Set(ids[rng.Next(ids.Length)], values[rng.Next(values.Length)], unit);
            }
            var result = engine.Validate(data, units, rng.Next(2) == 0 ? "vi" : "en");
            Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            _ = engine.ValidateSection(def.Sections[rng.Next(def.Sections.Count)].Id, data, units);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Mutated_definition_files_fail_cleanly(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestFiles.QuestionnairesDir, file));
        var lines = text.Split('\n');
        var rng = new Random(file.GetHashCode(StringComparison.Ordinal));
        for (var i = 0; i < 150; i++)
        {
            var copy = (string[])lines.Clone();
            for (var m = rng.Next(1, 4); m > 0; m--)
            {
                var at = rng.Next(copy.Length);
                copy[at] = rng.Next(5) switch
                {
                    0 => "",
                    1 => copy[at] + " ]",
                    2 => "  " + copy[at],
                    3 => copy[at].Replace(": ", ": null #", StringComparison.Ordinal),
                    _ => copy[rng.Next(copy.Length)],
                };
            }
            try
            {
                var def = QuestionnaireSerializer.FromYaml(string.Join('\n', copy));
                var problems = DefinitionValidator.Validate(def);
                if (problems.Count == 0)
                {
                    var engine = AnswerEngine.Create(def);
                    _ = engine.Validate(new ResponseData(), DefaultQuestionnairesTests.UnitsFor(def.UnitType));
                }
            }
            catch (QuestionnaireFormatException)
            {
                // the expected failure
            }
        }
    }

    [Theory]
    [InlineData("""{"sections":[null]}""")]
    [InlineData("""{"sections":[{"items":[null]}]}""")]
    [InlineData("""{"choiceLists":{"a":[null]},"sections":[]}""")]
    [InlineData("""{"choiceLists":{"a":null},"sections":[]}""")]
    [InlineData("""{"languages":null,"title":null,"sections":null,"choiceLists":null}""")]
    [InlineData("""{"languages":[null],"title":{"vi":null}}""")]
    [InlineData("""{"scaleLabels":{"likert5":[null,null,null,null,null]}}""")]
    [InlineData("""{"sections":[{"id":"s","title":{"vi":"S"},"items":[{"id":"q","type":"likert5","label":{"vi":"q"},"scaleLabels":[null],"scoring":null}]}]}""")]
    public void Nulls_in_json_definitions_are_problems_not_crashes(string json)
    {
        var def = QuestionnaireSerializer.FromJson(json);

        var problems = DefinitionValidator.Validate(def);

        Assert.NotEmpty(problems);
        Assert.Throws<QuestionnaireFormatException>(() => AnswerEngine.Create(def));
    }
}
