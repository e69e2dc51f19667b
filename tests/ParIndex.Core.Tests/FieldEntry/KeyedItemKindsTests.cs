using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.FieldEntry;

/// <summary>
/// Every kind of item, at respondent level and inside a unit grid, through every step that iterates items for paper
/// forms: the keying layout (boxes keyed and printed), what a keying stores, the comparison of two keyings, the count of
/// fields, the resolutions and the printed questionnaire's numbering all agree — an item takes a box exactly when it takes
/// an answer. Calculations are derived and notes hold nothing: never keyed, compared, counted or resolved, even when a
/// stored keying holds a value for them. A new item kind is covered without editing this test.
/// </summary>
public sealed class KeyedItemKindsTests
{
    private static readonly RatedUnit[] Units = [new("U1", "Đơn vị 1"), new("U2", "Đơn vị 2")];

    private static Item Of(ItemType type, string id) => new()
    {
        Id = id, Type = type, Label = new LocalizedText($"Câu {id}"),
        ChoiceList = type is ItemType.Single or ItemType.Multiple ? "yn" : null,
        Calculation = type == ItemType.Calculate ? "1 + 1" : null,
    };

    private static QuestionnaireDefinition Definition(ItemType type) => new()
    {
        Id = "KINDS", UnitType = "XA", RespondentGroup = "G", Languages = ["vi"],
        ChoiceLists = new() { ["yn"] = [new Choice { Code = "y", Label = new LocalizedText("Có") }, new Choice { Code = "n", Label = new LocalizedText("Không") }] },
        Sections =
        [
            new Section { Id = "s", Title = new LocalizedText("Chung"), Items = [Of(ItemType.Integer, "before"), Of(type, "x")] },
            new Section { Id = "g", Title = new LocalizedText("Từng đơn vị"), Grid = new UnitGrid(), Items = [Of(ItemType.Likert5, "gbefore"), Of(type, "gx")] },
        ],
    };

    /// <summary>A value a keying could hold for an item of this kind (for a calculation: what a stale calculation would hold).</summary>
    private static string Sample(ItemType type, int which) => type switch
    {
        ItemType.Likert5 or ItemType.Likert4 => which == 0 ? "2" : "3",
        ItemType.Single => which == 0 ? "y" : "n",
        ItemType.Multiple => which == 0 ? "y" : "y n",
        ItemType.Integer or ItemType.Decimal or ItemType.Calculate => which == 0 ? "2" : "7",
        ItemType.Date => which == 0 ? "2026-05-04" : "2026-05-05",
        _ => which == 0 ? "một" : "hai",
    };

    private static ResponseData Keying(ItemType type, int which)
    {
        var d = new ResponseData().Set("before", "1").Set("x", Sample(type, which));
        foreach (var u in Units) d.Set("gbefore", "4", u.Code).Set("gx", Sample(type, which), u.Code);
        return d;
    }

    public static TheoryData<ItemType> Kinds() => [.. Enum.GetValues<ItemType>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_item_is_keyed_compared_counted_resolved_and_numbered_exactly_when_it_takes_an_answer(ItemType type)
    {
        var definition = Definition(type);
        var answerable = definition.FindItem("x")!.IsAnswerable;
        var fields = KeyingLayout.For(definition, Units);

        // The layout: a box for x once, for gx once per unit — or none.
        Assert.Equal(answerable ? 1 : 0, fields.Count(f => f.ItemId == "x" && f.UnitCode is null));
        Assert.Equal(answerable ? Units.Length : 0, fields.Count(f => f.ItemId == "gx"));
        Assert.Equal(3 + (answerable ? 3 : 0), fields.Count);

        // What a keying stores, and what is read back from one that holds a value for a derived item.
        var first = Keying(type, 0);
        var second = Keying(type, 1);
        var kept = KeyingLayout.Keyed(fields, first);
        Assert.Equal(answerable, kept.Get("x") is not null);
        Assert.All(Units, u => Assert.Equal(answerable, kept.Get("gx", u.Code) is not null));

        // The comparison lists the differing x boxes only when they are keyed; the unchanged boxes never.
        var differences = FormComparison.Compare(fields, first, second);
        Assert.Equal(answerable ? 1 + Units.Length : 0, differences.Count);
        Assert.All(differences, d => Assert.Contains(d.ItemId, new[] { "x", "gx" }));
        Assert.Equal(3 + (answerable ? 3 : 0), FormComparison.UnionFieldCount(fields, first, second));
        Assert.Equal(3 + (answerable ? 3 : 0), FormComparison.FieldCount(fields, first));

        // A resolution of a derived item is ignored; of a keyed one, applied.
        var resolved = FormComparison.Apply(fields, first, [("x", null, Sample(type, 1)), ("gx", "U2", Sample(type, 1))]);
        Assert.Equal(answerable ? Sample(type, 1) : null, resolved.Get("x"));
        Assert.Equal(answerable ? Sample(type, 1) : null, resolved.Get("gx", "U2"));
        Assert.Equal("1", resolved.Get("before"));

        // The printed questionnaire numbers the same items the layout keys: "before", x?, "gbefore", gx?.
        var printed = QuestionnairePrinter.ToMarkdown(definition, "vi");
        Assert.Equal(answerable, printed.Contains("**2. Câu x**", StringComparison.Ordinal));
        Assert.Contains(answerable ? "**4. Câu gx**" : "**2. Câu gbefore**", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_notes_and_calculations_take_no_answer()
    {
        var derived = Enum.GetValues<ItemType>().Where(t => !new Item { Type = t }.IsAnswerable).ToList();
        Assert.Equal([ItemType.Note, ItemType.Calculate], derived);
    }
}
