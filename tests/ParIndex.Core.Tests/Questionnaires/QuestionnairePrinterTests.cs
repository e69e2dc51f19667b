using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

public class QuestionnairePrinterTests
{
    public static TheoryData<string> Files() => DefaultQuestionnairesTests.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_file_renders_in_both_languages(string file)
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, file));
        var units = DefaultQuestionnairesTests.UnitsFor(def.UnitType);

        var vi = QuestionnairePrinter.ToMarkdown(def, "vi", units);
        var en = QuestionnairePrinter.ToMarkdown(def, "en", units);

        Assert.StartsWith("# " + def.Title.Get("vi"), vi);
        Assert.StartsWith("# " + def.Title.Get("en"), en);
        Assert.Contains("không phải mẫu phiếu chính thức", vi);
        foreach (var (_, item) in def.AllItems().Where(p => p.Item.IsAnswerable))
        {
            Assert.Contains(item.Label!.Get("vi"), vi);
        }
    }

    [Fact]
    public void Skip_logic_names_question_numbers()
    {
        var md = QuestionnairePrinter.ToMarkdown(QuestionnaireSerializer.Load(TestFiles.Demo));

        // Was "> Chỉ hỏi nếu: `[Câu 4] <= 2`": code a respondent cannot read (#18 item 9).
        Assert.Contains("> Nếu câu 4 chọn 1 hoặc 2, trả lời câu 5.", md);
        Assert.Contains("> If you chose 1 or 2 in question 4, answer question 5.", QuestionnairePrinter.ToMarkdown(QuestionnaireSerializer.Load(TestFiles.Demo), "en"));
        Assert.Contains("- ☐ Rất hài lòng (5)", md);
    }

    [Fact]
    public void Grid_becomes_a_matrix_over_the_units()
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, "so-hdnd-2026.yaml"));

        var md = QuestionnairePrinter.ToMarkdown(def, "vi", DefaultQuestionnairesTests.UnitsFor("SO"));

        Assert.Contains("| # | Nội dung | Sở Tài chính | Sở Xây dựng | Sở Y tế |", md);
        Assert.Contains("> 1 = Rất kém; 2 = Kém; 3 = Trung bình; 4 = Tốt; 5 = Rất tốt; dk = Không biết / Không đánh giá được", md);
    }
}
