using ParIndex.Core.Domain;

namespace ParIndex.Core.Tests.Domain;

public class CriteriaTreeTests
{
    private static CriterionNode A(string code, decimal points) => new(code, $"Tiêu chí {code}", null, points, ScoreComponent.Appraisal);
    private static CriterionNode S(string code, decimal points) => new(code, $"Tiêu chí {code}", null, points, ScoreComponent.Survey);

    private static readonly CriterionNode[] Valid = [A("1", 80), A("1.1", 50), A("1.2", 20), S("1.3", 10), S("2", 20)];

    [Fact]
    public void A_tree_whose_parts_add_up_is_valid() => Assert.Empty(CriteriaTree.Validate(Valid, surveyPoints: 30, appraisalPoints: 70));

    [Fact]
    public void A_parent_must_equal_the_sum_of_its_children()
    {
        var tree = Valid.Select(n => n.Code == "1" ? n with { MaxPoints = 81 } : n).ToList();
        Assert.Contains("1: điểm tối đa 81 khác tổng các tiêu chí con 80.", CriteriaTree.Validate(tree, 30, 70));
    }

    [Fact]
    public void Survey_and_appraisal_leaves_must_match_the_rounds_split()
    {
        var problems = CriteriaTree.Validate(Valid, surveyPoints: 32, appraisalPoints: 68);
        Assert.Contains("Tổng điểm điều tra XHH là 30, phải bằng 32.", problems);
        Assert.Contains("Tổng điểm thẩm định là 70, phải bằng 68.", problems);
    }

    [Fact]
    public void Decimal_points_are_compared_exactly_enough()
    {
        CriterionNode[] tree = [A("1", 70), A("1.1", 23.33m), A("1.2", 23.33m), A("1.3", 23.34m), S("2", 30)];
        Assert.Empty(CriteriaTree.Validate(tree, 30, 70));
    }

    [Theory]
    [InlineData("1..2")]
    [InlineData("")]
    [InlineData("1.2.3.4")]
    [InlineData("a b")]
    public void Malformed_codes_are_reported(string code)
    {
        var problems = CriteriaTree.Validate([.. Valid, A(code, 0)], 30, 70);
        Assert.Contains(problems, p => p.StartsWith($"{code}: mã không hợp lệ", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_codes_missing_parents_and_missing_names_are_all_reported_at_once()
    {
        var problems = CriteriaTree.Validate([.. Valid, A("1.1", 0), A("7.1", 0), new CriterionNode("3", " ", null, 0, ScoreComponent.Appraisal)], 30, 70);
        Assert.Contains("1.1: mã bị lặp.", problems);
        Assert.Contains("7.1: không có tiêu chí cha 7.", problems);
        Assert.Contains("3: thiếu tên tiêu chí.", problems);
    }

    [Fact]
    public void Depth_and_parent_follow_from_the_code()
    {
        var node = A("3.2.1", 1);
        Assert.Equal(3, node.Depth);
        Assert.Equal("3.2", node.ParentCode);
        Assert.Null(A("3", 1).ParentCode);
    }
}
