using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

public class DefinitionValidatorTests
{
    private const string Header = """
        id: V
        unitType: SO
        respondentGroup: SO-HDND
        languages: [vi, en]
        title: { vi: "Phiếu", en: "Form" }
        choiceLists:
          yn:
            - { code: y, label: { vi: "Có", en: "Yes" } }
            - { code: n, label: { vi: "Không", en: "No" } }

        """;

    private static IReadOnlyList<DefinitionProblem> Problems(string sections) =>
        DefinitionValidator.Validate(QuestionnaireSerializer.FromYaml(Header + sections));

    private static void AssertProblem(string sections, string expected)
    {
        var problems = Problems(sections).Select(p => p.ToString()).ToList();
        Assert.Contains(expected, problems);
    }

    private const string Ok = """
        sections:
          - id: s
            title: { vi: "S", en: "S" }
            items:
              - { id: q1, type: single, choiceList: yn, label: { vi: "a", en: "a" } }
              - { id: q2, type: likert5, relevant: "${q1} = 'y'", label: { vi: "b", en: "b" }, scoring: { target: "1.1", rule: top_box } }
        """;

    [Fact]
    public void Valid_definition_has_no_problems()
    {
        Assert.Empty(Problems(Ok));
    }

    [Fact]
    public void Demo_file_is_valid()
    {
        Assert.Empty(DefinitionValidator.Validate(QuestionnaireSerializer.Load(TestFiles.Demo)));
    }

    [Fact]
    public void Unknown_variable_is_reported_with_its_path()
    {
        AssertProblem(Ok.Replace("${q1} = 'y'", "${q55} = 'y'"), "sections[0].items[1].relevant: unknown variable ${q55}");
    }

    [Fact]
    public void Malformed_expression_is_reported_with_its_position()
    {
        AssertProblem(Ok.Replace("${q1} = 'y'", "(${q1} = 'y'"), "sections[0].items[1].relevant: position 13: expected ')' before the end");
    }

    [Fact]
    public void Duplicate_item_ids_are_reported()
    {
        AssertProblem(Ok.Replace("id: q2", "id: q1").Replace("${q1} = 'y'", "true()"), "sections[0].items[1].id: duplicate item id 'q1'");
    }

    [Fact]
    public void Unknown_choice_list_is_reported()
    {
        AssertProblem(Ok.Replace("choiceList: yn", "choiceList: yesno"), "sections[0].items[0].choiceList: unknown choice list 'yesno'");
    }

    [Fact]
    public void Missing_label_in_a_declared_language_is_reported()
    {
        AssertProblem(Ok.Replace("label: { vi: \"a\", en: \"a\" }", "label: { vi: \"a\" }"), "sections[0].items[0].label.en: missing text in declared language 'en'");
    }

    [Fact]
    public void Scoring_without_target_is_reported()
    {
        AssertProblem(Ok.Replace("target: \"1.1\", ", ""), "sections[0].items[1].scoring.target: required: a sub-criterion code such as '3.2' or a SIPAS element such as 'access'");
    }

    [Fact]
    public void Likert_scored_without_a_rule_is_reported()
    {
        AssertProblem(Ok.Replace(", rule: top_box", ""), "sections[0].items[1].scoring.rule: required: top_box (share answering 4–5) or mean_rescaled ((x − min) / (max − min))");
    }

    [Fact]
    public void Unknown_scoring_target_is_reported_when_targets_are_given()
    {
        var def = QuestionnaireSerializer.FromYaml(Header + Ok.Replace("\"1.1\"", "\"9.9\""));

        var problems = DefinitionValidator.Validate(def, ScoringTargets.AllCodes).Select(p => p.ToString());

        Assert.Equal(["sections[0].items[1].scoring.target: unknown criterion or SIPAS element '9.9'"], problems);
        Assert.Empty(DefinitionValidator.Validate(def));
    }

    [Fact]
    public void Choice_filter_on_a_missing_column_is_reported()
    {
        AssertProblem(Ok.Replace("choiceList: yn,", "choiceList: yn, choiceFilter: \"district = 'hk'\","),
            "sections[0].items[0].choiceFilter: 'district' is not a column of choice list 'yn' (use code, name or a key of the choices' properties)");
    }

    [Fact]
    public void Scoring_a_text_item_is_reported()
    {
        AssertProblem(Ok.Replace("type: likert5", "type: text"), "sections[0].items[1].scoring: only Likert, integer and decimal items can be scored, not text");
    }

    [Fact]
    public void Dot_outside_a_constraint_is_reported()
    {
        AssertProblem(Ok.Replace("${q1} = 'y'", ". = 'y'"), "sections[0].items[1].relevant: '.' (the current answer) can only be used in a constraint");
    }

    [Fact]
    public void Grid_item_cannot_be_used_outside_its_grid()
    {
        const string y = """
            sections:
              - id: s
                title: { vi: "S", en: "S" }
                items:
                  - { id: q1, type: text, relevant: "${g1} > 3", label: { vi: "a", en: "a" } }
              - id: g
                title: { vi: "G", en: "G" }
                grid: { filter: "${unit} != 'X'" }
                items:
                  - { id: g1, type: likert5, relevant: "${q1} != '' and ${unit} != 'Y'", label: { vi: "b", en: "b" } }
            """;

        var problems = Problems(y).Select(p => p.ToString()).ToList();

        Assert.Contains("sections[0].items[0].relevant: ${g1} is asked per unit in a grid and cannot be used outside it", problems);
        Assert.DoesNotContain(problems, p => p.Contains("${unit}", StringComparison.Ordinal));
    }

    [Fact]
    public void Circular_calculations_are_reported()
    {
        const string y = """
            sections:
              - id: s
                title: { vi: "S", en: "S" }
                items:
                  - { id: a, type: calculate, calculation: "${b} + 1" }
                  - { id: b, type: calculate, calculation: "${a} + 1" }
            """;

        Assert.Contains(Problems(y), p => p.Message.StartsWith("circular logic", StringComparison.Ordinal));
    }

    [Fact]
    public void Circular_relevance_is_reported_once()
    {
        const string y = """
            sections:
              - id: s
                title: { vi: "S", en: "S" }
                items:
                  - { id: a, type: text, relevant: "${b} = ''", label: { vi: "a", en: "a" } }
                  - { id: b, type: text, relevant: "${a} = ''", label: { vi: "b", en: "b" } }
                  - { id: c, type: text, relevant: "${d} = 'x'", label: { vi: "c", en: "c" } }
                  - { id: d, type: text, label: { vi: "d", en: "d" } }
            """;

        var problems = Problems(y).Select(p => p.ToString()).ToList();

        Assert.Equal(["sections[0].items[0]: circular logic: ${a} -> ${b} -> ${a}; relevance and calculations must not depend on themselves"], problems);
    }

    [Fact]
    public void Section_relevance_on_its_own_item_is_circular()
    {
        const string y = """
            sections:
              - id: s
                title: { vi: "S", en: "S" }
                relevant: "${a} != 'x'"
                items:
                  - { id: a, type: text, label: { vi: "a", en: "a" } }
            """;

        Assert.Contains(Problems(y), p => p.Message.StartsWith("circular logic: ${a} -> ${a}", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_problems_are_all_listed()
    {
        const string y = """
            sections:
              - id: s
                title: { vi: "S" }
                items:
                  - { id: "1bad", type: integer, min: 5, max: 1, label: { vi: "a", en: "a" } }
                  - { id: n, type: note, required: true, label: { vi: "b", en: "b" } }
                  - { id: c, type: calculate }
            """;

        var problems = Problems(y).Select(p => p.ToString()).ToList();

        Assert.Contains("sections[0].title.en: missing text in declared language 'en'", problems);
        Assert.Contains(problems, p => p.StartsWith("sections[0].items[0].id: invalid id '1bad'", StringComparison.Ordinal));
        Assert.Contains("sections[0].items[0].min: min 5 is greater than max 1", problems);
        Assert.Contains("sections[0].items[1].required: a note item takes no answer and cannot be required", problems);
        Assert.Contains("sections[0].items[2].calculation: required for a calculate item", problems);
    }

    [Fact]
    public void Choice_codes_with_spaces_or_duplicates_are_reported()
    {
        var def = QuestionnaireSerializer.FromYaml(Header + Ok);
        def.ChoiceLists["yn"].Add(new Choice { Code = "y", Label = new LocalizedText("x", "x") });
        def.ChoiceLists["yn"].Add(new Choice { Code = "a b", Label = new LocalizedText("x", "x") });

        var problems = DefinitionValidator.Validate(def).Select(p => p.ToString()).ToList();

        Assert.Contains("choiceLists.yn[2].code: duplicate code 'y'", problems);
        Assert.Contains(problems, p => p.StartsWith("choiceLists.yn[3].code: code 'a b' must not contain spaces", StringComparison.Ordinal));
    }
}
