using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.FieldEntry;

public sealed class KeyingLayoutTests
{
    private static QuestionnaireDefinition Definition() => new()
    {
        Id = "T",
        ChoiceLists = { ["channel"] = [new Choice { Code = "counter" }, new Choice { Code = "online" }, new Choice { Code = "post" }] },
        Sections =
        [
            new Section { Id = "s", Items =
            [
                new Item { Id = "intro", Type = ItemType.Note },
                new Item { Id = "channel", Type = ItemType.Single, ChoiceList = "channel" },
                new Item { Id = "many", Type = ItemType.Multiple, ChoiceList = "channel" },
                new Item { Id = "sat", Type = ItemType.Likert5, DontKnow = true },
                new Item { Id = "when", Type = ItemType.Date },
                new Item { Id = "age", Type = ItemType.Integer },
            ] },
            new Section { Id = "g", Grid = new UnitGrid(), Items = [new Item { Id = "r", Type = ItemType.Likert5 }] },
        ],
    };

    [Fact]
    public void Fields_follow_the_form_with_grids_once_per_unit_and_notes_skipped()
    {
        var f = KeyingLayout.For(Definition(), [new RatedUnit("U1", "A"), new RatedUnit("U2", "B")]);
        Assert.Equal(["a:channel", "a:many", "a:sat", "a:when", "a:age", "u:U1:r", "u:U2:r"], f.Select(x => x.Name));
        Assert.Equal(Enumerable.Range(1, 7), f.Select(x => x.Number));
    }

    [Theory]
    [InlineData("channel", "2", "online")]
    [InlineData("many", "3 1", "post counter")]
    [InlineData("sat", "4", "4")]
    [InlineData("sat", "0", "dk")]
    [InlineData("when", "04052026", "2026-05-04")]
    [InlineData("when", "04/05/2026", "2026-05-04")]
    [InlineData("age", "42", "42")]
    [InlineData("age", "", "")]
    public void Keys_become_stored_codes_and_back(string item, string keys, string stored)
    {
        var f = KeyingLayout.For(Definition(), []).Single(x => x.ItemId == item);
        Assert.Equal(stored, KeyingLayout.ToStored(f, keys, out var error));
        Assert.Null(error);
        if (item != "when") Assert.Equal(keys, KeyingLayout.ToKeys(f, stored));
    }

    [Theory]
    [InlineData("channel", "4")]
    [InlineData("sat", "6")]
    [InlineData("when", "31022026")]
    public void Keys_not_on_the_form_are_refused(string item, string keys)
    {
        var f = KeyingLayout.For(Definition(), []).Single(x => x.ItemId == item);
        Assert.Null(KeyingLayout.ToStored(f, keys, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void A_posted_name_no_form_has_is_reported_not_ignored()
    {
        var (data, problems) = KeyingLayout.Read(KeyingLayout.For(Definition(), []), [new("a:channel", "1"), new("a:secret", "x")]);
        Assert.Equal("counter", data.Get("channel"));
        Assert.Equal([("a:secret", "unknown_field")], problems);
    }
}
