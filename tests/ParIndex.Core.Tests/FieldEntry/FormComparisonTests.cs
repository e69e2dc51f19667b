using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Tests.FieldEntry;

public sealed class FormComparisonTests
{
    [Fact]
    public void Identical_keyings_have_no_discrepancy_and_multiple_choice_is_compared_as_a_set()
    {
        var a = new ResponseData().Set("q1", "4").Set("m", "b a").Set("g", "5", "U1");
        var b = new ResponseData().Set("q1", " 4 ").Set("m", "a b").Set("g", "5", "U1");
        Assert.Empty(FormComparison.Compare(a, b));
    }

    [Fact]
    public void Every_differing_field_is_listed_once_including_blanks_and_unit_fields()
    {
        var a = new ResponseData().Set("q1", "4").Set("q2", "1").Set("g", "5", "U1").Set("g", "3", "U2");
        var b = new ResponseData().Set("q1", "5").Set("q3", "x").Set("g", "5", "U1").Set("g", "2", "U2");
        var d = FormComparison.Compare(a, b);
        Assert.Equal(
        [
            new FieldDifference("q1", null, "4", "5"),
            new FieldDifference("q2", null, "1", ""),
            new FieldDifference("q3", null, "", "x"),
            new FieldDifference("g", "U2", "3", "2"),
        ], d);
        Assert.Equal(5, FormComparison.UnionFieldCount(a, b)); // q1, q2, q3, g@U1, g@U2
    }

    [Fact]
    public void Resolutions_replace_or_remove_values_without_touching_the_original()
    {
        var a = new ResponseData().Set("q1", "4").Set("q2", "1").Set("g", "3", "U2");
        var r = FormComparison.Apply(a, [("q1", null, "5"), ("q2", null, ""), ("g", "U2", "2")]);
        Assert.Equal("5", r.Get("q1"));
        Assert.Null(r.Get("q2"));
        Assert.Equal("2", r.Get("g", "U2"));
        Assert.Equal("4", a.Get("q1"));
    }

    [Theory]
    [InlineData("4", "5", "4", false, true)]
    [InlineData("4", "5", "5", true, false)]
    [InlineData("4", "5", "3", true, true)]
    [InlineData("", "2", "", false, true)]
    public void The_paper_value_says_which_keying_was_wrong(string first, string second, string paper, bool firstWrong, bool secondWrong) =>
        Assert.Equal((firstWrong, secondWrong), FormComparison.Attribute(first, second, paper));
}
