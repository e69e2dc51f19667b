using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

public class QuestionnaireSerializerTests
{
    [Fact]
    public void Demo_yaml_loads_with_types_labels_and_scoring()
    {
        var def = QuestionnaireSerializer.Load(TestFiles.Demo);

        Assert.Equal("DEMO-XA-DAN", def.Id);
        Assert.Equal("XA", def.UnitType);
        var access = def.FindItem("sat_access")!;
        Assert.Equal(ItemType.Likert5, access.Type);
        Assert.True(access.DontKnow);
        Assert.Equal("true", access.Required);
        Assert.Equal("access", access.Scoring!.Target);
        Assert.Equal(ScoringRule.TopBox, access.Scoring.Rule);
        Assert.Equal(ItemType.LongText, def.FindItem("dissatisfied_reason")!.Type);
        Assert.Equal(18, def.FindItem("age")!.Min);
        Assert.Equal("Tuổi của Ông/Bà", def.FindItem("age")!.Label!.Get("vi"));
    }

    [Fact]
    public void Json_round_trip_preserves_content_and_hash()
    {
        var def = QuestionnaireSerializer.Load(TestFiles.Demo);
        var json = QuestionnaireSerializer.ToJson(def);

        var again = QuestionnaireSerializer.FromJson(json);

        Assert.Equal(json, QuestionnaireSerializer.ToJson(again));
        Assert.Equal(QuestionnaireSerializer.ContentHash(def), QuestionnaireSerializer.ContentHash(again));
        Assert.Matches("^[0-9a-f]{64}$", QuestionnaireSerializer.ContentHash(def));
        Assert.Contains("\"type\":\"likert5\"", json);
        Assert.Contains("Tuổi", json);
    }

    [Fact]
    public void Yaml_round_trip_preserves_content()
    {
        var def = QuestionnaireSerializer.Load(TestFiles.Demo);

        var again = QuestionnaireSerializer.FromYaml(QuestionnaireSerializer.ToYaml(def));

        Assert.Equal(QuestionnaireSerializer.ToJson(def), QuestionnaireSerializer.ToJson(again));
    }

    [Fact]
    public void Hash_ignores_yaml_key_order_but_not_content()
    {
        const string a = "id: X\ntitle: {vi: A, en: B}\nunitType: SO\nrespondentGroup: G\nsections: []\n";
        const string b = "unitType: SO\nsections: []\nrespondentGroup: G\ntitle: {en: B, vi: A}\nid: X\n";
        const string c = "unitType: SO\nsections: []\nrespondentGroup: G\ntitle: {en: B, vi: A2}\nid: X\n";

        var ha = QuestionnaireSerializer.ContentHash(QuestionnaireSerializer.FromYaml(a));

        Assert.Equal(ha, QuestionnaireSerializer.ContentHash(QuestionnaireSerializer.FromYaml(b)));
        Assert.NotEqual(ha, QuestionnaireSerializer.ContentHash(QuestionnaireSerializer.FromYaml(c)));
    }

    [Fact]
    public void Numeric_looking_codes_keep_their_text()
    {
        const string y = "id: X\nunitType: SO\nrespondentGroup: G\nchoiceLists:\n  l:\n    - code: 01\n      label: {vi: a}\n    - code: 3.10\n      label: {vi: b}\nsections: []\n";

        var def = QuestionnaireSerializer.FromYaml(y);

        Assert.Equal("01", def.ChoiceLists["l"][0].Code);
        Assert.Equal("3.10", def.ChoiceLists["l"][1].Code);
    }

    [Fact]
    public void Unknown_field_is_reported_with_its_path()
    {
        const string y = "id: X\nsections:\n  - id: s1\n    items:\n      - id: q1\n        type: text\n        relevent: \"1\"\n";

        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml(y));

        Assert.Contains("sections[0].items[0]", ex.Problems[0].Path);
    }

    [Fact]
    public void Unknown_item_type_is_reported_with_its_path()
    {
        const string y = "id: X\nsections:\n  - id: s1\n    items:\n      - id: q1\n        type: slider\n";

        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml(y));

        Assert.Equal("sections[0].items[0].type", ex.Problems[0].Path);
    }

    [Fact]
    public void Yaml_syntax_error_reports_line()
    {
        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml("id: [unclosed\n"));

        Assert.Contains("line", ex.Problems[0].Message);
    }

    [Fact]
    public void Yaml_aliases_are_refused_so_alias_bombs_cannot_expand()
    {
        const string y = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n";

        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml(y));

        Assert.Contains("line 1", ex.Problems[0].Message);
        Assert.Contains("anchors", ex.Problems[0].Message);
    }

    [Fact]
    public void Duplicate_yaml_keys_are_reported_with_the_line()
    {
        const string y = "id: X\nunitType: SO\nid: Y\n";

        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml(y));

        Assert.StartsWith("YAML error at line 3", ex.Problems[0].Message);
        Assert.Contains("duplicate key 'id'", ex.Problems[0].Message);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var y = "id: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml(y));

        Assert.Contains("nested deeper", ex.Problems[0].Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\nid: A\n---\nid: B\n")]
    [InlineData("- just\n- a list\n")]
    [InlineData("id: [1, 2\n")]
    [InlineData("\t- bad indentation")]
    [InlineData("sections: 5\n")]
    [InlineData("schemaVersion: abc\n")]
    public void Malformed_files_give_problems_not_crashes(string yaml)
    {
        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromYaml(yaml));

        Assert.NotEmpty(ex.Problems);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"sections\": [{\"items\": [{\"type\": 3}]}]}")]
    public void Malformed_json_gives_problems_not_crashes(string json)
    {
        var ex = Assert.Throws<QuestionnaireFormatException>(() => QuestionnaireSerializer.FromJson(json));

        Assert.NotEmpty(ex.Problems);
    }

    [Fact]
    public void Explicitly_tagged_strings_stay_strings()
    {
        var def = QuestionnaireSerializer.FromYaml("id: !!str 2026\nversion: 1.10\n");

        Assert.Equal("2026", def.Id);
        Assert.Equal("1.10", def.Version);
    }
}

public class ResponseDataTests
{
    [Fact]
    public void Json_round_trip_keeps_answers_and_units()
    {
        var data = new ResponseData().Set("q1", "Hà Nội").Set("r1", "4", "SO-TC");

        Assert.True(ResponseData.TryFromJson(data.ToJson(), out var again, out _));

        Assert.Equal("Hà Nội", again!.Get("q1"));
        Assert.Equal("4", again.Get("r1", "SO-TC"));
        Assert.Equal("""{"answers":{"q1":"Hà Nội"},"units":{"SO-TC":{"r1":"4"}}}""", data.ToJson());
    }

    [Fact]
    public void Numbers_in_posted_json_are_read_as_their_text()
    {
        Assert.True(ResponseData.TryFromJson("""{"answers":{"age":40,"ok":true}}""", out var data, out _));

        Assert.Equal("40", data!.Get("age"));
        Assert.Equal("true", data.Get("ok"));
        Assert.NotNull(data.Units);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"answers":{"q":{"nested":1}}}""")]
    [InlineData("""{"answers":[1,2]}""")]
    public void Malformed_json_is_refused_with_a_reason(string json)
    {
        Assert.False(ResponseData.TryFromJson(json, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
