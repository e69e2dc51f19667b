using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

/// <summary>The shipped questionnaires/ files: every one validates and accepts a fully answered response.</summary>
public class DefaultQuestionnairesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestFiles.QuestionnairesDir, "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    private static QuestionnaireDefinition Load(string file) =>
        QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, file));

    internal static RatedUnit[] UnitsFor(string unitType) => unitType == "SO"
        ? [new("SO-TC", "Sở Tài chính"), new("SO-XD", "Sở Xây dựng"), new("SO-YT", "Sở Y tế")]
        : [new("XA-BD", "Phường Ba Đình"), new("XA-HK", "Phường Hoàn Kiếm"), new("XA-SS", "Xã Sóc Sơn")];

    [Theory]
    [MemberData(nameof(Files))]
    public void File_validates(string file)
    {
        var problems = DefinitionValidator.Validate(Load(file));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Scoring_targets_are_in_the_default_criteria_list(string file)
    {
        var problems = DefinitionValidator.Validate(Load(file), ScoringTargets.AllCodes);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Default_criteria_have_two_to_four_sub_criteria_per_area()
    {
        var perArea = ScoringTargets.Criteria.Where(c => c.Code.Contains('.')).GroupBy(c => c.Code.Split('.')[0]).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], perArea.Keys.Order());
        Assert.All(perArea.Values, n => Assert.InRange(n, 2, 4));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fully_answered_response_is_valid_and_untampered(string file)
    {
        var def = Load(file);
        var engine = AnswerEngine.Create(def);
        var units = UnitsFor(def.UnitType);

        var data = FillAll(engine, units);
        var result = engine.Validate(data, units, "vi", Today);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        // The shipped questionnaires refer only backwards: one pass is the fixed point (a second would change nothing).
        Assert.Equal(1, result.State.Passes);
        Assert.False(result.IsTampered, string.Join(Environment.NewLine, result.Problems));
        Assert.NotEmpty(result.Cleaned.Answers);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File_says_it_is_a_configurable_default(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestFiles.QuestionnairesDir, file));

        Assert.Contains("not the official", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void All_seven_respondent_groups_are_shipped()
    {
        var groups = Directory.GetFiles(TestFiles.QuestionnairesDir, "*-2026.yaml")
            .Select(f => QuestionnaireSerializer.Load(f))
            .Select(d => (d.UnitType, d.RespondentGroup))
            .OrderBy(x => x.RespondentGroup, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            [("SO", "SO-CTXA"), ("SO", "SO-DAN"), ("SO", "SO-HDND"), ("XA", "XA-DAN"), ("XA", "XA-GDSO"), ("XA", "XA-HDND"), ("XA", "XA-TRUONGTHON")],
            groups);
    }

    [Fact]
    public void Lengths_are_realistic()
    {
        foreach (var f in Directory.GetFiles(TestFiles.QuestionnairesDir, "*-2026.yaml"))
        {
            var def = QuestionnaireSerializer.Load(f);
            var grid = def.Sections.Where(s => s.Grid is not null).SelectMany(s => s.Items).Count();
            var total = def.AllItems().Count();
            if (def.RespondentGroup.EndsWith("-DAN", StringComparison.Ordinal))
            {
                Assert.InRange(total, 35, 50);
            }
            else
            {
                Assert.InRange(grid, 25, 40);
            }
        }
    }

    [Fact]
    public void Officials_items_cover_all_eight_areas()
    {
        foreach (var f in Directory.GetFiles(TestFiles.QuestionnairesDir, "*-2026.yaml"))
        {
            var def = QuestionnaireSerializer.Load(f);
            if (def.RespondentGroup.EndsWith("-DAN", StringComparison.Ordinal)) continue;
            var areas = def.AllItems().Select(p => p.Item.Scoring?.Target).OfType<string>().Select(t => t.Split('.')[0]).Distinct().Order();
            Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], areas);
        }
    }

    /// <summary>Answers every visible item with a valid value, repeating until relevance settles.</summary>
    internal static ResponseData FillAll(AnswerEngine engine, IReadOnlyList<RatedUnit> units)
    {
        var def = engine.Definition;
        var data = new ResponseData();
        for (var round = 0; round < 10; round++)
        {
            var state = engine.Evaluate(data, units, Today);
            var changed = false;
            foreach (var section in def.Sections)
            {
                IEnumerable<string?> scopes = section.Grid is null ? new string?[] { null } : state.UnitsOf(section.Id).Select(u => (string?)u.Code);
                foreach (var unit in scopes)
                {
                    foreach (var item in section.Items.Where(i => i.IsAnswerable))
                    {
                        var visible = state.IsItemVisible(item.Id, unit);
                        var has = data.Get(item.Id, unit) is not null;
                        if (visible && !has)
                        {
                            data.Set(item.Id, SampleValue(def, item, units, state, unit), unit);
                            changed = true;
                        }
                        else if (!visible && has)
                        {
                            if (unit is null) data.Answers.Remove(item.Id); else data.Units[unit].Remove(item.Id);
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) break;
        }
        return data;
    }

    private static string SampleValue(QuestionnaireDefinition def, Item item, IReadOnlyList<RatedUnit> units, FormState state, string? unit) => item.Type switch
    {
        ItemType.Likert5 => "4",
        ItemType.Likert4 => "2",
        ItemType.Single => item.ChoiceList == Choices.UnitsList ? units[0].Code : state.ChoicesOf(item.Id, unit)[0].Code,
        ItemType.Multiple => item.ChoiceList == Choices.UnitsList ? string.Join(' ', units.Take(2).Select(u => u.Code)) : state.ChoicesOf(item.Id, unit)[0].Code,
        ItemType.Integer or ItemType.Decimal => Value(item.Min ?? 1),
        ItemType.Date => "2026-11-01",
        _ => "Ý kiến thử nghiệm",
    };

    private static string Value(double d) => ParIndex.Core.Questionnaires.Expressions.Value.FormatNumber(d);
}
