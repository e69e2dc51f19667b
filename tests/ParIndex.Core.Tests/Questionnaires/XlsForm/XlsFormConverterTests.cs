using MiniExcelLibs;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.XlsForm;

namespace ParIndex.Core.Tests.Questionnaires.XlsForm;

public class XlsFormConverterTests
{
    public static TheoryData<string> Files() => DefaultQuestionnairesTests.Files();

    /// <summary>Makes Likert labels explicit so "inherited" and "spelled out" compare equal.</summary>
    private static string Normalized(QuestionnaireDefinition def)
    {
        var copy = QuestionnaireSerializer.FromJson(QuestionnaireSerializer.ToJson(def));
        foreach (var (_, item) in copy.AllItems().Where(p => p.Item.IsLikert))
        {
            var effective = Choices.For(copy, item, []).Where(c => c.Code != Item.DontKnowCode).Select(c => c.Label).ToList();
            item.ScaleLabels = effective;
            if (item.DontKnow) item.DontKnowLabel ??= Choices.DontKnowLabel;
        }
        copy.ScaleLabels = null;
        return QuestionnaireSerializer.ToJson(copy);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Round_trip_preserves_items_logic_and_labels(string file)
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, file));
        using var xlsx = new MemoryStream();

        XlsFormConverter.Export(def, xlsx);
        xlsx.Position = 0;
        var result = XlsFormConverter.Import(xlsx);

        Assert.True(result.Issues.Count == 0, string.Join(Environment.NewLine, result.Issues));
        Assert.Equal(Normalized(def), Normalized(result.Definition!));
        // Stronger: the shipped files come back byte for byte, so the content hash survives the trip.
        Assert.Equal(QuestionnaireSerializer.ToJson(def), QuestionnaireSerializer.ToJson(result.Definition!));
    }

    [Fact]
    public void Export_reports_the_units_list_as_non_standard()
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, "so-ctxa-2026.yaml"));
        using var xlsx = new MemoryStream();

        var issues = XlsFormConverter.Export(def, xlsx);

        Assert.Contains(issues, i => i.Message.Contains("@units", StringComparison.Ordinal));
    }

    private static MemoryStream Workbook(List<Dictionary<string, object>> survey, List<Dictionary<string, object>> choices, Dictionary<string, object>? settings = null)
    {
        var ms = new MemoryStream();
        var sheets = new Dictionary<string, object> { ["survey"] = survey, ["choices"] = choices };
        if (settings is not null) sheets["settings"] = new List<Dictionary<string, object>> { settings };
        MiniExcel.SaveAs(ms, sheets, excelType: ExcelType.XLSX);
        ms.Position = 0;
        return ms;
    }

    private static Dictionary<string, object> S(string type, string name, string vi = "", string en = "", string relevant = "", string required = "",
        string constraint = "", string appearance = "", string calculation = "", string choiceFilter = "", string extra = "") => new()
    {
        ["type"] = type, ["name"] = name, ["label::Vietnamese (vi)"] = vi, ["label::English (en)"] = en, ["relevant"] = relevant,
        ["required"] = required, ["constraint"] = constraint, ["appearance"] = appearance, ["calculation"] = calculation,
        ["choice_filter"] = choiceFilter, ["geo_extra"] = extra,
    };

    private static Dictionary<string, object> C(string list, string name, string vi, string en, string district = "") => new()
    {
        ["list_name"] = list, ["name"] = name, ["label::Vietnamese (vi)"] = vi, ["label::English (en)"] = en, ["district"] = district,
    };

    [Fact]
    public void Import_reads_a_hand_made_xlsform_and_reports_unsupported_rows()
    {
        var survey = new List<Dictionary<string, object>>
        {
            S("start", "start"),
            S("begin group", "g1", "Nhóm 1", "Group 1"),
            S("select_one sat", "q1", "Hài lòng?", "Satisfied?", required: "yes"),
            S("select_one yn", "q2", "Có?", "Yes?", relevant: "${q1} >= 4"),
            S("geopoint", "where", "Vị trí", "Location"),
            S("text", "q3", "Ý kiến", "Comment", appearance: "multiline"),
            S("begin group", "inner", "Con", "Inner", relevant: "${q2} = 'y'"),
            S("integer", "q4", "Số lần", "Times", constraint: ". < 10", extra: "x"),
            S("end group", "inner"),
            S("end group", "g1"),
            S("begin repeat", "units", "Đơn vị", "Units"),
            S("select_one district", "d", "Quận", "District"),
            S("select_one ward", "w", "Phường", "Ward", choiceFilter: "district = ${d}"),
            S("end repeat", "units"),
        };
        var choices = new List<Dictionary<string, object>>
        {
            C("sat", "1", "Rất không hài lòng", "Very dissatisfied"), C("sat", "2", "Không hài lòng", "Dissatisfied"),
            C("sat", "3", "Bình thường", "Neither satisfied nor dissatisfied"), C("sat", "4", "Hài lòng", "Satisfied"), C("sat", "5", "Rất hài lòng", "Very satisfied"),
            C("yn", "y", "Có", "Yes"), C("yn", "n", "Không", "No"),
            C("district", "hk", "Hoàn Kiếm", "Hoan Kiem"),
            C("ward", "w1", "P1", "W1", "hk"),
        };
        var settings = new Dictionary<string, object> { ["form_title"] = "Phiếu thử", ["form_title::English (en)"] = "Test form", ["form_id"] = "X1", ["default_language"] = "Vietnamese (vi)", ["parindex_unit_type"] = "SO", ["parindex_respondent_group"] = "SO-DAN" };

        var result = XlsFormConverter.Import(Workbook(survey, choices, settings));
        var def = result.Definition!;

        Assert.Equal(["vi", "en"], def.Languages);
        Assert.Equal(ItemType.Likert5, def.FindItem("q1")!.Type);
        Assert.Null(def.FindItem("q1")!.ScaleLabels);
        Assert.Equal("true", def.FindItem("q1")!.Required);
        Assert.Equal(ItemType.LongText, def.FindItem("q3")!.Type);
        Assert.Equal("(${q2} = 'y')", def.FindItem("q4")!.Relevant);
        Assert.NotNull(def.Sections.Single(s => s.Id == "units").Grid);
        Assert.Equal("hk", def.ChoiceLists["ward"][0].Properties!["district"]);
        Assert.False(def.ChoiceLists.ContainsKey("sat"));
        var issues = result.Issues.Select(i => i.ToString()).ToList();
        Assert.Contains(issues, i => i.StartsWith("survey row 2: metadata 'start'", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.StartsWith("survey row 6: type 'geopoint' is not supported", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.StartsWith("survey row 8: nested group 'inner' flattened", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.StartsWith("survey row 9: column 'geo_extra' is not supported", StringComparison.Ordinal));
        Assert.True(issues.Count == 4, string.Join("\n", issues));
    }

    [Fact]
    public void Import_reports_expressions_this_engine_cannot_run()
    {
        var survey = new List<Dictionary<string, object>>
        {
            S("text", "a", "A", "A"),
            S("text", "b", "B", "B", relevant: "regex(${a}, '[0-9]+')"),
        };

        var result = XlsFormConverter.Import(Workbook(survey, [C("x", "x", "x", "x")]));

        Assert.Contains(result.Issues, i => i.Message.Contains("items[1].relevant: position 1: unknown function 'regex'", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_of_garbage_reports_instead_of_throwing()
    {
        var result = XlsFormConverter.Import(new MemoryStream("not a workbook"u8.ToArray()));

        Assert.Null(result.Definition);
        Assert.Single(result.Issues);
    }
}

public class XlsFormRobustnessTests
{
    [Fact]
    public void Random_workbooks_import_without_exceptions()
    {
        string[] types = ["text", "integer", "decimal", "date", "note", "calculate", "select_one yn", "select_multiple yn", "select_one missing",
            "select_one", "begin group", "end group", "begin repeat", "end repeat", "geopoint", "start", "range", "", "select_one yn or_other", "BEGIN_GROUP"];
        string[] names = ["a", "b", "c", "", "1x", "a", "unit", "d-e"];
        string[] exprs = ["", "${a} > 1", "(", "${zz} = 1", ". < 3", "regex(., 'x')", "selected(${b}, 'y')"];
        var rng = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var survey = new List<Dictionary<string, object>>();
            for (var n = rng.Next(0, 15); n > 0; n--)
            {
                survey.Add(new Dictionary<string, object>
                {
                    ["type"] = types[rng.Next(types.Length)], ["name"] = names[rng.Next(names.Length)],
                    ["label::Vietnamese (vi)"] = rng.Next(4) == 0 ? "" : "Nhãn", ["relevant"] = exprs[rng.Next(exprs.Length)],
                    ["required"] = rng.Next(3) == 0 ? "yes" : exprs[rng.Next(exprs.Length)], ["parindex_min"] = rng.Next(3) == 0 ? "abc" : "",
                    ["parindex_score_rule"] = rng.Next(4) == 0 ? "weird" : "",
                });
            }
            if (survey.Count == 0) survey.Add(new Dictionary<string, object> { ["type"] = "", ["name"] = "" });
            var choices = new List<Dictionary<string, object>>
            {
                new() { ["list_name"] = "yn", ["name"] = "y", ["label"] = "Có" },
                new() { ["list_name"] = rng.Next(2) == 0 ? "" : "yn", ["name"] = rng.Next(2) == 0 ? "y" : "n", ["label"] = "Không" },
            };
            using var ms = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(ms, new Dictionary<string, object> { ["survey"] = survey, ["choices"] = choices }, excelType: MiniExcelLibs.ExcelType.XLSX);
            ms.Position = 0;

            var result = XlsFormConverter.Import(ms);

            Assert.All(result.Issues, x => Assert.False(string.IsNullOrWhiteSpace(x.Message)));
        }
    }

    [Fact]
    public void Truncated_workbook_reports_instead_of_throwing()
    {
        var def = QuestionnaireSerializer.Load(TestFiles.Demo);
        using var full = new MemoryStream();
        XlsFormConverter.Export(def, full);
        var bytes = full.ToArray()[..(full.Length > 2000 ? 2000 : (int)full.Length / 2)];

        var result = XlsFormConverter.Import(new MemoryStream(bytes));

        Assert.Null(result.Definition);
        Assert.NotEmpty(result.Issues);
    }
}
