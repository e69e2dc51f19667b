using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.Questionnaires;

public class QuestionnaireDiffTests
{
    private static QuestionnaireDefinition Demo() => QuestionnaireSerializer.Load(TestFiles.Demo);

    [Fact]
    public void Identical_versions_have_no_changes()
    {
        Assert.Empty(QuestionnaireDiff.Compare(Demo(), Demo()));
    }

    [Fact]
    public void Added_removed_and_changed_items_are_listed_by_id()
    {
        var older = Demo();
        var newer = Demo();
        newer.Sections[0].Items.RemoveAll(i => i.Id == "age");
        newer.Sections[0].Items.Add(new Item { Id = "gender", Type = ItemType.Text, Label = new LocalizedText("Giới tính", "Gender") });
        newer.FindItem("sat_staff")!.Label = new LocalizedText("Thái độ?", "Attitude?");
        newer.FindItem("dissatisfied_reason")!.Relevant = "${sat_result} <= 3";

        var changes = QuestionnaireDiff.Compare(older, newer);

        Assert.Contains(new DefinitionChange(ChangeKind.Removed, "item", "age", []), changes, Comparer);
        Assert.Contains(new DefinitionChange(ChangeKind.Added, "item", "gender", []), changes, Comparer);
        Assert.Contains(new DefinitionChange(ChangeKind.Changed, "item", "sat_staff", ["label"]), changes, Comparer);
        Assert.Contains(new DefinitionChange(ChangeKind.Changed, "item", "dissatisfied_reason", ["relevant"]), changes, Comparer);
        Assert.Equal(4, changes.Count);
    }

    [Fact]
    public void Editing_a_shared_choice_list_shows_on_each_item_using_it()
    {
        var newer = Demo();
        newer.ChoiceLists["channel"][0].Label = new LocalizedText("Tại quầy", "At the counter");

        var change = Assert.Single(QuestionnaireDiff.Compare(Demo(), newer));

        Assert.Equal(("channel", ChangeKind.Changed), (change.Id, change.Kind));
        Assert.Equal(["choices"], change.Fields);
    }

    private static readonly IEqualityComparer<DefinitionChange> Comparer = EqualityComparer<DefinitionChange>.Create(
        (a, b) => a!.Kind == b!.Kind && a.Element == b.Element && a.Id == b.Id && a.Fields.SequenceEqual(b.Fields),
        c => c.Id.GetHashCode(StringComparison.Ordinal));
}

public class ClientLogicTests
{
    [Fact]
    public void Logic_json_carries_parsed_expressions_and_referenced_types()
    {
        var def = QuestionnaireSerializer.Load(TestFiles.Demo);

        var json = System.Text.Json.Nodes.JsonNode.Parse(ClientLogic.ToJson(def))!;

        Assert.Equal("""["\u003C=",["v","sat_result"],["n",2]]""", json["items"]!["dissatisfied_reason"]!["relevant"]!.ToJsonString());
        Assert.Equal("likert5", json["items"]!["sat_result"]!["type"]!.GetValue<string>());
        Assert.True(json["items"]!["channel"]!["required"]!.GetValue<bool>());
        Assert.Null(json["items"]!["dissatisfied_reason"]!["grid"]);
    }

    [Fact]
    public void Logic_json_is_safe_inside_a_script_element()
    {
        var def = QuestionnaireSerializer.Load(TestFiles.Demo);
        def.FindItem("age")!.Relevant = "${channel} != '</script><script>alert(1)</script>'";

        var json = ClientLogic.ToJson(def);

        Assert.DoesNotContain("</script>", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Grid_items_and_filters_are_marked()
    {
        var def = QuestionnaireSerializer.Load(Path.Combine(TestFiles.QuestionnairesDir, "so-ctxa-2026.yaml"));

        var json = System.Text.Json.Nodes.JsonNode.Parse(ClientLogic.ToJson(def))!;

        Assert.NotNull(json["sections"]!["rating"]!["filter"]);
        Assert.True(json["items"]!["weak_areas"]!["grid"]!.GetValue<bool>());
    }
}
