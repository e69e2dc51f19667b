using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

/// <summary>
/// Skip logic, unit filters and checks printed as instructions in words (<see cref="LogicText"/>): every form of the
/// expression language, both languages, and every expression of the shipped questionnaires — no printed form ever shows
/// an expression.
/// </summary>
public sealed class LogicTextTests
{
    private static readonly QuestionnaireDefinition Form = QuestionnaireSerializer.FromYaml("""
        id: LOGIC
        schemaVersion: 1
        title: { vi: "Phiếu", en: "Form" }
        unitType: XA
        respondentGroup: G
        languages: [vi, en]
        choiceLists:
          channel:
            - { code: counter, label: { vi: "Tại quầy", en: "At the counter" } }
            - { code: online, label: { vi: "Trực tuyến", en: "Online" } }
            - { code: post, label: { vi: "Bưu chính", en: "By post" } }
            - { code: mixed, label: { vi: "Kết hợp", en: "Mixed" } }
          letters:
            - { code: a, label: { vi: "Chữ A", en: "Letter A" } }
            - { code: b, label: { vi: "Chữ B", en: "Letter B" } }
        sections:
          - id: s
            title: { vi: "Phần", en: "Part" }
            items:
              - { id: channel, type: single, choiceList: channel, label: { vi: "Kênh", en: "Channel" } }
              - { id: sat, type: likert5, dontKnow: true, label: { vi: "Hài lòng", en: "Satisfied" } }
              - { id: age, type: integer, label: { vi: "Tuổi", en: "Age" } }
              - { id: day, type: date, label: { vi: "Ngày", en: "Day" } }
              - { id: note, type: text, label: { vi: "Ghi chú", en: "Note" } }
              - { id: many, type: multiple, choiceList: letters, label: { vi: "Nhiều", en: "Many" } }
              - { id: staff, type: likert5, label: { vi: "Công chức", en: "Staff" } }
              - { id: result, type: likert5, label: { vi: "Kết quả", en: "Result" } }
              - { id: waited, type: integer, label: { vi: "Phút chờ", en: "Minutes waited" } }
              - { id: visits, type: integer, label: { vi: "Số lần", en: "Visits" } }
              - { id: avg, type: calculate, calculation: "(${staff} + ${result}) div 2" }
              - { id: per_visit, type: calculate, calculation: "round(${waited} div ${visits}, 1)" }
              - { id: units_dealt, type: multiple, choiceList: "@units", label: { vi: "Đơn vị", en: "Units" } }
        """);

    /// <summary>Printed numbers: answerable items 1…n in document order (channel = 1, sat = 2, … visits = 10, units_dealt = 11).</summary>
    private static string? Number(string id) =>
        Form.AllItems().Select(p => p.Item).Where(i => i.IsAnswerable).Select((i, n) => (i.Id, n)).FirstOrDefault(p => p.Id == id) is { Id: not null } found ? (found.n + 1).ToString() : null;

    private static LogicText Vi => new(Form, "vi", Number);
    private static LogicText En => new(Form, "en", Number);

    [Theory]
    [InlineData("${sat} <= 2", "câu 2 chọn 1 hoặc 2", "you chose 1 or 2 in question 2")]
    [InlineData("${sat} >= 4", "câu 2 chọn 4 hoặc 5", "you chose 4 or 5 in question 2")]
    [InlineData("${sat} = 3", "câu 2 chọn 3", "you chose 3 in question 2")]
    [InlineData("not(${sat} > 3)", "câu 2 không chọn 4 hoặc 5", "you did not choose 4 or 5 in question 2")]
    [InlineData("${sat} != 'dk'", "câu 2 không chọn “Không biết / Không áp dụng”", "you did not choose “Don't know / Not applicable” in question 2")]
    [InlineData("${channel} = 'online' or ${channel} = 'mixed'", "câu 1 chọn “Trực tuyến” hoặc “Kết hợp”", "you chose “Online” or “Mixed” in question 1")]
    [InlineData("${channel} != 'online' and ${channel} != 'post'", "câu 1 chọn “Tại quầy” hoặc “Kết hợp”", "you chose “At the counter” or “Mixed” in question 1")]
    [InlineData("${channel} != 'online'", "câu 1 không chọn “Trực tuyến”", "you did not choose “Online” in question 1")]
    [InlineData("${age} >= 18", "câu 3 từ 18 trở lên", "the answer to question 3 is 18 or more")]
    [InlineData("18 <= ${age}", "câu 3 từ 18 trở lên", "the answer to question 3 is 18 or more")]
    [InlineData("${age} > 17 and ${age} < 60", "câu 3 lớn hơn 17 và câu 3 nhỏ hơn 60", "the answer to question 3 is more than 17 and the answer to question 3 is less than 60")]
    [InlineData("${age} = 2.5", "câu 3 bằng 2,5", "the answer to question 3 is 2.5")]
    [InlineData("not(${age} <= 30)", "câu 3 lớn hơn 30", "the answer to question 3 is more than 30")]
    [InlineData("${day} > today()", "câu 4 sau ngày hôm nay", "the answer to question 4 is after today")]
    [InlineData("${day} >= '2026-01-01'", "câu 4 từ 01/01/2026 trở đi", "the answer to question 4 is on or after 01/01/2026")]
    [InlineData("${note} = ''", "câu 5 để trống", "question 5 is left blank")]
    [InlineData("${note} != ''", "câu 5 có trả lời", "question 5 is answered")]
    [InlineData("${note}", "câu 5 có trả lời", "question 5 is answered")]
    [InlineData("not(${note})", "câu 5 để trống", "question 5 is left blank")]
    [InlineData("contains(${note}, 'x')", "câu 5 có chứa “x”", "the answer to question 5 contains “x”")]
    [InlineData("selected(${many}, 'a')", "câu 6 có chọn “Chữ A”", "you ticked “Letter A” in question 6")]
    [InlineData("not(selected(${many}, 'b'))", "câu 6 không chọn “Chữ B”", "you did not tick “Letter B” in question 6")]
    [InlineData("${many} != 'a'", "câu 6 không chỉ chọn “Chữ A”", "you did not choose only “Letter A” in question 6")]
    [InlineData("${many} = 'b'", "câu 6 chỉ chọn “Chữ B”", "you chose only “Letter B” in question 6")]
    [InlineData("count-selected(${many}) >= 2", "số lựa chọn đã chọn ở câu 6 từ 2 trở lên", "the number of answers ticked in question 6 is 2 or more")]
    [InlineData("${avg} <= 2", "trung bình của câu 7 và câu 8 không quá 2", "the average of question 7 and question 8 is at most 2")]
    [InlineData("${per_visit} > 30", "câu 9 chia cho câu 10 lớn hơn 30", "question 9 divided by question 10 is more than 30")]
    [InlineData("${waited} - ${visits} * 2 > 0", "câu 9 trừ (câu 10 nhân 2) lớn hơn 0", "question 9 minus (question 10 times 2) is more than 0")]
    [InlineData("(${sat} = 1 or ${sat} = 2) and ${age} >= 18", "(câu 2 chọn 1 hoặc 2) và câu 3 từ 18 trở lên", "(you chose 1 or 2 in question 2) and the answer to question 3 is 18 or more")]
    [InlineData("${sat} <= 2 or not(${channel} = 'online' or ${channel} = 'post')", "câu 2 chọn 1 hoặc 2 hoặc câu 1 chọn “Tại quầy” hoặc “Kết hợp”", "you chose 1 or 2 in question 2 or you chose “At the counter” or “Mixed” in question 1")]
    public void Conditions_are_put_into_words_with_question_numbers(string expression, string vi, string en)
    {
        Assert.Equal(vi, Vi.Condition(expression));
        Assert.Equal(en, En.Condition(expression));
    }

    [Fact]
    public void Instructions_for_items_sections_grids_and_checks_are_sentences()
    {
        Assert.Equal("Nếu câu 2 chọn 1 hoặc 2, trả lời câu 5.", Vi.AskIf("${sat} <= 2", "5"));
        Assert.Equal("If you chose 1 or 2 in question 2, answer question 5.", En.AskIf("${sat} <= 2", "5"));
        Assert.Equal("Chỉ trả lời phần này nếu câu 1 không chọn “Trực tuyến”.", Vi.SectionIf("${channel} != 'online'"));
        Assert.Equal("Chỉ đánh giá các đơn vị đã chọn ở câu 11.", Vi.UnitsIf("selected(${units_dealt}, ${unit})"));
        Assert.Equal("Rate only the units you ticked in question 11.", En.UnitsIf("selected(${units_dealt}, ${unit})"));
        Assert.Equal("Kiểm tra: câu trả lời từ 18 trở lên.", Vi.Check(". >= 18"));
        Assert.Equal("Check: the answer is 0 or more and the answer is at most 100.", En.Check(". >= 0 and . <= 100"));
        Assert.Equal("Kiểm tra: số lựa chọn đã chọn không quá 3.", Vi.Check("count-selected(.) <= 3"));
        Assert.Equal("Kiểm tra: câu trả lời bằng 0 hoặc câu 1 không chọn “Trực tuyến”.", Vi.Check(". = 0 or ${channel} != 'online'"));
    }

    [Theory]
    [InlineData("if(${age} > 3, true(), false())")]
    [InlineData("concat(${note}, 'x') = 'yx'")]
    [InlineData("${unknown_item} = 1")]
    [InlineData("starts-with(concat(${note}, 'a'), 'b')")]
    [InlineData("coalesce(${age}, 0) > 1")]
    [InlineData("true()")]
    [InlineData("${avg}")]
    [InlineData("not a parsable ${ expression")]
    public void What_has_no_words_gets_a_clear_generic_instruction_never_the_expression(string expression)
    {
        Assert.Equal("Chỉ trả lời câu 5 nếu câu hỏi phù hợp với Ông/Bà.", Vi.AskIf(expression, "5"));
        Assert.Equal("Answer question 5 only if it applies to you.", En.AskIf(expression, "5"));
        Assert.Equal("Chỉ trả lời phần này nếu phù hợp với Ông/Bà.", Vi.SectionIf(expression));
        Assert.Equal("Kiểm tra câu trả lời theo hướng dẫn của phiếu.", Vi.Check(expression));
    }

    public static TheoryData<string> Files() => DefaultQuestionnairesTests.Files();

    /// <summary>Every expression of every shipped questionnaire has words (no generic fallback), and no printed form shows code.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Every_expression_of_the_shipped_questionnaires_prints_as_words(string file)
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, file));
        var units = DefaultQuestionnairesTests.UnitsFor(def.UnitType);
        var numbers = def.AllItems().Select(p => p.Item).Where(i => i.IsAnswerable).Select((i, n) => (i.Id, n)).ToDictionary(p => p.Id, p => (p.n + 1).ToString());
        foreach (var language in new[] { "vi", "en" })
        {
            var text = new LogicText(def, language, id => numbers.GetValueOrDefault(id), units);
            var expressions = def.Sections.SelectMany(s => new[] { s.Relevant, s.Grid?.Filter }).Concat(def.AllItems().SelectMany(p => new[] { p.Item.Relevant, p.Item.Constraint }))
                .Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!).ToList();
            foreach (var e in expressions.Where(e => !e.Contains("${unit}", StringComparison.Ordinal)))
                Assert.True(text.Condition(e) is { } words && !words.Contains("${", StringComparison.Ordinal), $"{file} ({language}): no words for {e}");
            foreach (var filter in def.Sections.Select(s => s.Grid?.Filter).Where(f => f is not null))
                Assert.DoesNotContain("phù hợp", text.UnitsIf(filter!));

            foreach (var printed in new[] { QuestionnairePrinter.ToMarkdown(def, language), QuestionnairePrinter.ToMarkdown(def, language, units) })
            {
                Assert.DoesNotContain("${", printed);
                Assert.DoesNotContain("selected(", printed);
                Assert.DoesNotContain(" div ", printed);
                Assert.DoesNotContain("!=", printed);
            }
        }
    }
}
