using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

public class AnswerEngineTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly RatedUnit[] Units =
    [
        new("SO-TC", "Sở Tài chính"),
        new("SO-XD", "Sở Xây dựng"),
        new("SO-YT", "Sở Y tế"),
    ];

    private const string Yaml = """
        id: T
        unitType: SO
        respondentGroup: SO-HDND
        languages: [vi, en]
        title: { vi: "Phiếu", en: "Form" }
        choiceLists:
          yesno:
            - { code: "1", label: { vi: "Có", en: "Yes" } }
            - { code: "0", label: { vi: "Không", en: "No" } }
          district:
            - { code: hk, label: { vi: "Hoàn Kiếm", en: "Hoan Kiem" } }
            - { code: bd, label: { vi: "Ba Đình", en: "Ba Dinh" } }
          ward:
            - { code: w1, label: { vi: "P1", en: "W1" }, properties: { district: hk } }
            - { code: w2, label: { vi: "P2", en: "W2" }, properties: { district: bd } }
          topics:
            - { code: a, label: { vi: "A", en: "A" } }
            - { code: b, label: { vi: "B", en: "B" } }
            - { code: x, label: { vi: "Khác", en: "Other" }, excluded: true }
        sections:
          - id: intro
            title: { vi: "Thông tin chung", en: "General" }
            items:
              - id: age
                type: integer
                min: 18
                max: 100
                required: true
                label: { vi: "Tuổi", en: "Age" }
              - id: used
                type: single
                choiceList: yesno
                required: true
                label: { vi: "Đã dùng dịch vụ?", en: "Used the service?" }
              - id: why_not
                type: text
                relevant: "${used} = '0'"
                required: true
                label: { vi: "Vì sao?", en: "Why?" }
              - id: district
                type: single
                choiceList: district
                label: { vi: "Quận", en: "District" }
              - id: ward
                type: single
                choiceList: ward
                choiceFilter: "district = ${district}"
                label: { vi: "Phường", en: "Ward" }
              - id: topics
                type: multiple
                choiceList: topics
                label: { vi: "Chủ đề", en: "Topics" }
                constraint: "count-selected(.) <= 2"
                constraintMessage: { vi: "Chọn tối đa 2.", en: "Choose at most 2." }
              - id: visit_date
                type: date
                label: { vi: "Ngày", en: "Date" }
                constraint: ". <= today()"
              - id: amount
                type: decimal
                label: { vi: "Số tiền", en: "Amount" }
                max: 1000
              - id: dealt_with
                type: multiple
                choiceList: "@units"
                label: { vi: "Đơn vị đã làm việc", en: "Units dealt with" }
              - id: info
                type: note
                label: { vi: "Cảm ơn", en: "Thanks" }
              - id: double_age
                type: calculate
                calculation: "${age} * 2"
          - id: rate
            title: { vi: "Đánh giá", en: "Rating" }
            relevant: "${used} = '1'"
            grid:
              filter: "selected(${dealt_with}, ${unit})"
            items:
              - id: r1
                type: likert5
                required: true
                dontKnow: true
                label: { vi: "Hài lòng?", en: "Satisfied?" }
                scoring: { target: "3.2", rule: top_box }
              - id: r1_why
                type: long_text
                relevant: "${r1} <= 2"
                label: { vi: "Vì sao?", en: "Why?" }
              - id: r_mean
                type: calculate
                calculation: "if(${r1} = 'dk', '', ${r1} * ${double_age} div ${age} div 2)"
        """;

    private static AnswerEngine Engine() => AnswerEngine.Create(QuestionnaireSerializer.FromYaml(Yaml));

    private static ResponseData Valid() => new ResponseData()
        .Set("age", "40").Set("used", "1").Set("dealt_with", "SO-TC SO-YT")
        .Set("r1", "4", "SO-TC").Set("r1", "dk", "SO-YT");

    private static AnswerCheckResult Check(ResponseData d, string lang = "vi") => Engine().Validate(d, Units, lang, Today);

    private static AnswerProblem Single(AnswerCheckResult r) => Assert.Single(r.Problems);

    [Fact]
    public void Complete_valid_response_has_no_problems()
    {
        var r = Check(Valid());

        Assert.Empty(r.Problems);
        Assert.True(r.IsValid);
        Assert.False(r.IsTampered);
    }

    [Fact]
    public void Missing_required_answer_gives_the_vietnamese_message_by_default()
    {
        var p = Single(Check(Valid().Set("age", "")));

        Assert.Equal(("age", AnswerErrorCodes.Required, "Vui lòng trả lời câu hỏi này."), (p.ItemId, p.Code, p.Message));
        Assert.True(p.Blocking);
        Assert.False(p.Tampering);
    }

    [Fact]
    public void Messages_follow_the_requested_language()
    {
        Assert.Equal("Please answer this question.", Single(Check(Valid().Set("age", ""), "en")).Message);
    }

    [Fact]
    public void Number_out_of_range_reports_the_range()
    {
        var p = Single(Check(Valid().Set("age", "12")));

        Assert.Equal(AnswerErrorCodes.Range, p.Code);
        Assert.Equal("Giá trị phải từ 18 đến 100.", p.Message);
    }

    [Theory]
    [InlineData("age", "4.5", AnswerErrorCodes.NotInteger)]
    [InlineData("age", "abc", AnswerErrorCodes.NotInteger)]
    [InlineData("amount", "1,5", AnswerErrorCodes.NotDecimal)]
    [InlineData("amount", "1e3", AnswerErrorCodes.NotDecimal)]
    [InlineData("amount", "2000", AnswerErrorCodes.Range)]
    [InlineData("visit_date", "23/11/2026", AnswerErrorCodes.NotDate)]
    [InlineData("visit_date", "2026-02-30", AnswerErrorCodes.NotDate)]
    [InlineData("visit_date", "2027-01-01", AnswerErrorCodes.Constraint)]
    [InlineData("topics", "a b x", AnswerErrorCodes.ExclusiveChoice)]
    public void Wrong_types_and_ranges_are_blocking_errors(string item, string value, string code)
    {
        var p = Single(Check(Valid().Set(item, value)));

        Assert.Equal((item, code), (p.ItemId, p.Code));
        Assert.True(p.Blocking);
    }

    [Fact]
    public void Likert_value_out_of_scale_is_blocking_tampering()
    {
        var p = Single(Check(Valid().Set("r1", "6", "SO-TC")));

        Assert.Equal(("r1", "SO-TC", AnswerErrorCodes.UnknownChoice), (p.ItemId, p.UnitCode, p.Code));
        Assert.Equal("Giá trị phải từ 1 đến 5.", p.Message);
        Assert.True(p.Blocking && p.Tampering);
    }

    [Theory]
    [InlineData("used", "2")]
    [InlineData("used", "1 0")]
    [InlineData("topics", "a zz")]
    [InlineData("dealt_with", "SO-TC SO-XX")]
    public void Unknown_choice_codes_are_blocking_tampering(string item, string value)
    {
        var r = Check(Valid().Set(item, value));

        var p = Assert.Single(r.Problems, x => x.ItemId == item);
        Assert.Equal(AnswerErrorCodes.UnknownChoice, p.Code);
        Assert.True(r.IsTampered);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void Constraint_message_is_localized()
    {
        var def = QuestionnaireSerializer.FromYaml(Yaml);
        def.ChoiceLists["topics"].Add(new Choice { Code = "c", Label = new LocalizedText("C", "C") });
        var engine = AnswerEngine.Create(def);

        var r = engine.Validate(Valid().Set("topics", "a b c"), Units, "en", Today);

        var p = Assert.Single(r.Problems);
        Assert.Equal((AnswerErrorCodes.Constraint, "Choose at most 2."), (p.Code, p.Message));
    }

    [Fact]
    public void Relevant_item_becomes_required_only_when_shown()
    {
        var r = Check(Valid().Set("used", "0"));

        var p = Assert.Single(r.Errors);
        Assert.Equal(("why_not", AnswerErrorCodes.Required), (p.ItemId, p.Code));
    }

    [Fact]
    public void Answers_to_hidden_items_are_flagged_and_dropped_but_not_blocking()
    {
        var r = Check(Valid().Set("why_not", "vì bận"));

        var p = Single(r);
        Assert.Equal(("why_not", AnswerErrorCodes.HiddenItem), (p.ItemId, p.Code));
        Assert.True(p.Tampering);
        Assert.True(r.IsValid);
        Assert.Null(r.Cleaned.Get("why_not"));
    }

    [Fact]
    public void Hidden_section_hides_its_grid_and_flags_its_answers()
    {
        var r = Check(Valid().Set("used", "0").Set("why_not", "x"));

        Assert.False(r.State.IsSectionVisible("rate"));
        Assert.Equal(2, r.Problems.Count(p => p.Code == AnswerErrorCodes.HiddenItem));
        Assert.True(r.IsValid);
    }

    [Fact]
    public void Grid_rates_only_the_units_selected_earlier()
    {
        var state = Engine().Evaluate(Valid(), Units, Today);

        Assert.Equal(["SO-TC", "SO-YT"], state.UnitsOf("rate").Select(u => u.Code));
        Assert.True(state.IsItemVisible("r1", "SO-TC"));
        Assert.False(state.IsItemVisible("r1", "SO-XD"));
    }

    [Fact]
    public void Grid_answers_for_a_unit_not_selected_are_hidden_answers()
    {
        var p = Single(Check(Valid().Set("r1", "5", "SO-XD")));

        Assert.Equal(("r1", "SO-XD", AnswerErrorCodes.HiddenItem), (p.ItemId, p.UnitCode, p.Code));
    }

    [Fact]
    public void Required_grid_item_is_reported_per_unit()
    {
        var d = Valid();
        d.Units["SO-YT"].Remove("r1");

        var p = Single(Check(d));

        Assert.Equal(("r1", "SO-YT", AnswerErrorCodes.Required), (p.ItemId, p.UnitCode, p.Code));
    }

    [Fact]
    public void Grid_item_relevance_uses_the_same_unit_answers()
    {
        var state = Engine().Evaluate(Valid().Set("r1", "1", "SO-TC"), Units, Today);

        Assert.True(state.IsItemVisible("r1_why", "SO-TC"));
        Assert.False(state.IsItemVisible("r1_why", "SO-YT"));
    }

    [Fact]
    public void Unknown_items_and_units_are_flagged_as_tampering()
    {
        var d = Valid().Set("q_other_form", "1").Set("r1", "5", "SO-FAKE").Set("age", "5", "SO-TC");

        var r = Check(d);

        Assert.Contains(r.Problems, p => p is { ItemId: "q_other_form", Code: AnswerErrorCodes.UnknownItem, Tampering: true });
        Assert.Contains(r.Problems, p => p is { UnitCode: "SO-FAKE", Code: AnswerErrorCodes.UnknownUnit });
        Assert.Contains(r.Problems, p => p is { ItemId: "age", UnitCode: "SO-TC", Code: AnswerErrorCodes.UnknownItem });
        Assert.True(r.IsValid);
        Assert.True(r.IsTampered);
        Assert.Null(r.Cleaned.Get("q_other_form"));
        Assert.False(r.Cleaned.Units.ContainsKey("SO-FAKE"));
    }

    [Fact]
    public void Grid_item_posted_at_respondent_level_is_unknown_there()
    {
        var p = Single(Check(Valid().Set("r1", "5")));

        Assert.Equal(("r1", null, AnswerErrorCodes.UnknownItem), (p.ItemId, p.UnitCode, p.Code));
    }

    [Fact]
    public void Values_posted_for_calculations_and_notes_are_ignored_and_recomputed()
    {
        var r = Check(Valid().Set("double_age", "999").Set("info", "x"));

        Assert.Equal(2, r.Problems.Count(p => p.Code == AnswerErrorCodes.NotAnswerable));
        Assert.Equal("80", r.Cleaned.Get("double_age"));
        Assert.Null(r.Cleaned.Get("info"));
    }

    [Fact]
    public void Calculations_see_respondent_and_unit_answers()
    {
        var r = Check(Valid());

        Assert.Equal("4", r.Cleaned.Get("r_mean", "SO-TC"));
        Assert.Null(r.Cleaned.Get("r_mean", "SO-YT"));
    }

    [Fact]
    public void Choice_filter_limits_options_and_rejects_filtered_codes()
    {
        var engine = Engine();
        var d = Valid().Set("district", "hk");

        Assert.Equal(["w1"], engine.Evaluate(d, Units, Today).ChoicesOf("ward").Select(c => c.Code));
        var p = Single(engine.Validate(d.Set("ward", "w2"), Units, "vi", Today));
        Assert.Equal(AnswerErrorCodes.FilteredChoice, p.Code);
    }

    [Fact]
    public void Cleaned_values_are_normalised()
    {
        var r = Check(Valid().Set("age", " 040 ").Set("topics", "b  a b").Set("amount", "12.50"));

        Assert.Equal("40", r.Cleaned.Get("age"));
        Assert.Equal("a b", r.Cleaned.Get("topics"));
        Assert.Equal("12.5", r.Cleaned.Get("amount"));
    }

    [Fact]
    public void Overlong_text_is_refused()
    {
        var p = Assert.Single(Check(Valid().Set("used", "0").Set("why_not", new string('a', 501))).Errors);

        Assert.Equal(AnswerErrorCodes.TooLong, p.Code);
        Assert.Equal("Nội dung quá dài (tối đa 500 ký tự).", p.Message);
    }

    [Fact]
    public void Section_validation_reports_only_that_section()
    {
        var d = new ResponseData().Set("used", "1").Set("dealt_with", "SO-TC");
        var engine = Engine();

        var intro = engine.ValidateSection("intro", d, Units, "vi", Today);
        var rate = engine.ValidateSection("rate", d, Units, "vi", Today, "SO-TC");

        Assert.Equal(["age"], intro.Errors.Select(p => p.ItemId));
        Assert.Equal([("r1", "SO-TC")], rate.Errors.Select(p => (p.ItemId, p.UnitCode)));
    }

    [Fact]
    public void Forward_references_settle()
    {
        const string y = """
            id: F
            unitType: SO
            respondentGroup: G
            languages: [vi]
            title: { vi: T }
            sections:
              - id: s
                title: { vi: S }
                items:
                  - { id: early, type: text, relevant: "${total} > 5", label: { vi: a } }
                  - { id: total, type: calculate, calculation: "${x} + 1" }
                  - { id: x, type: integer, label: { vi: x } }
            """;
        var engine = AnswerEngine.Create(QuestionnaireSerializer.FromYaml(y));

        Assert.True(engine.Evaluate(new ResponseData().Set("x", "10"), [], Today).IsItemVisible("early"));
        Assert.False(engine.Evaluate(new ResponseData().Set("x", "1"), [], Today).IsItemVisible("early"));
    }

    [Fact]
    public void A_cell_of_a_unit_its_grid_does_not_rate_reads_as_missing_in_another_grid()
    {
        // Grid "a" rates only the units ticked in "pick"; grid "b" rates every unit and asks a follow-up when the
        // unit's "a" answer is low. A low answer posted for a unit "a" does not rate is a hidden answer: it must not
        // open the follow-up in "b" (cells of unrated units are not recorded one by one; the grid's units decide).
        const string y = """
            id: G
            unitType: SO
            respondentGroup: SO-HDND
            languages: [vi]
            title: { vi: "G" }
            sections:
              - id: s0
                title: { vi: "S0" }
                items:
                  - { id: pick, type: multiple, choiceList: "@units", label: { vi: p } }
              - id: a
                title: { vi: "A" }
                grid: { filter: "selected(${pick}, ${unit})" }
                items:
                  - { id: score, type: likert5, label: { vi: s } }
              - id: b
                title: { vi: "B" }
                grid: {}
                items:
                  - { id: why_low, type: text, relevant: "${score} <= 2", label: { vi: w } }
            """;
        var engine = AnswerEngine.Create(QuestionnaireSerializer.FromYaml(y));
        var data = new ResponseData().Set("pick", "SO-TC").Set("score", "1", "SO-TC").Set("score", "1", "SO-XD");

        var result = engine.Validate(data, Units, "vi", Today);

        Assert.True(result.State.IsItemVisible("why_low", "SO-TC"));
        Assert.False(result.State.IsItemVisible("why_low", "SO-XD"));
        Assert.False(result.State.IsItemVisible("score", "SO-XD"));
        var hidden = Assert.Single(result.Problems, p => p.Code == AnswerErrorCodes.HiddenItem);
        Assert.Equal(("score", "SO-XD"), (hidden.ItemId, hidden.UnitCode));
        Assert.False(result.Cleaned.Units.TryGetValue("SO-XD", out var xd) && xd.ContainsKey("score"));
    }

    [Fact]
    public void Likert_choices_carry_default_labels_and_dont_know()
    {
        var def = QuestionnaireSerializer.FromYaml(Yaml);

        var choices = Choices.For(def, def.FindItem("r1")!, Units);

        Assert.Equal(["1", "2", "3", "4", "5", "dk"], choices.Select(c => c.Code));
        Assert.Equal("Rất hài lòng", choices[4].Label.Get("vi"));
        Assert.True(choices[5].Excluded);
    }

    [Fact]
    public void Invalid_definition_cannot_build_an_engine()
    {
        var def = QuestionnaireSerializer.FromYaml(Yaml);
        def.Sections[0].Items[2].Relevant = "${nope} = 1";

        var ex = Assert.Throws<QuestionnaireFormatException>(() => AnswerEngine.Create(def));

        Assert.Contains(ex.Problems, p => p.Path == "sections[0].items[2].relevant");
    }
}

public class AnswerEngineEdgeTests
{
    private const string Yaml = """
        id: E
        unitType: SO
        respondentGroup: G
        languages: [vi]
        title: { vi: T }
        sections:
          - id: s
            title: { vi: S }
            items:
              - { id: has_job, type: single, choiceList: yn, label: { vi: a } }
              - { id: job, type: text, required: "${has_job} = 'y'", label: { vi: b } }
              - { id: sat, type: likert4, label: { vi: c }, scaleLabels: [{ vi: "1" }, { vi: "2" }, { vi: "3" }, { vi: "4" }] }
          - id: g
            title: { vi: G }
            grid: { unitLabel: { vi: "Đánh giá: {unit}" } }
            items:
              - { id: r, type: likert5, label: { vi: r } }
        choiceLists:
          yn:
            - { code: y, label: { vi: Có } }
            - { code: n, label: { vi: Không } }
        """;

    private static readonly RatedUnit[] Units = [new("U1", "Sở Nội vụ")];

    private static AnswerEngine Engine() => AnswerEngine.Create(QuestionnaireSerializer.FromYaml(Yaml));

    [Fact]
    public void Required_expression_is_evaluated_against_other_answers()
    {
        var engine = Engine();

        Assert.Empty(engine.Validate(new ResponseData().Set("has_job", "n"), Units).Problems);
        var p = Assert.Single(engine.Validate(new ResponseData().Set("has_job", "y"), Units).Problems);
        Assert.Equal(("job", AnswerErrorCodes.Required), (p.ItemId, p.Code));
    }

    [Fact]
    public void Null_maps_in_a_posted_response_are_treated_as_empty()
    {
        var data = new ResponseData { Answers = null!, Units = null! };

        var result = Engine().Validate(data, Units);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Null_unit_map_is_ignored()
    {
        var data = new ResponseData();
        data.Units["U1"] = null!;

        Assert.True(Engine().Validate(data, Units).IsValid);
    }

    [Fact]
    public void State_lists_likert_options_with_item_labels()
    {
        var state = Engine().Evaluate(new ResponseData(), Units);

        Assert.Equal(["1", "2", "3", "4"], state.ChoicesOf("sat").Select(c => c.Label.Get("vi")));
        Assert.Equal(5, state.ChoicesOf("r", "U1").Count);
    }

    [Fact]
    public void Grid_unit_label_names_the_unit()
    {
        var grid = Engine().Definition.Sections[1].Grid!;

        Assert.Equal("Đánh giá: Sở Nội vụ", grid.LabelFor(Units[0], "vi"));
    }

    [Fact]
    public void Engine_is_safe_to_share_between_threads()
    {
        var engine = Engine();

        Parallel.For(0, 200, i =>
        {
            var r = engine.Validate(new ResponseData().Set("has_job", i % 2 == 0 ? "y" : "n").Set("r", "9", "U1"), Units);
            Assert.Equal(i % 2 == 0 ? 2 : 1, r.Errors.Count());
        });
    }
}
