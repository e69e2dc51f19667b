using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>Differences and covariances of domain means against R's <c>svyby(covmat = TRUE)</c> + <c>svycontrast</c>, 1e-9 relative.</summary>
public sealed class DomainContrastTests
{
    [Theory]
    [InlineData("strat")]
    [InlineData("clus1")]
    [InlineData("clus2")]
    public void Difference_of_two_domain_means_and_their_covariance_match_R(string name)
    {
        var (d, t) = Design(name);
        var (codes, levels) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, levels.Length, levels);
        var y = t.Numeric("api00");
        var c = d.MeanContrast(y, [domains[0], domains[1]], [1.0, -1.0]);
        AssertClose($"{name}.contrast.EminusH.est", c.Estimate);
        AssertClose($"{name}.contrast.EminusH.se", c.StandardError);
        AssertClose(R($"{name}.by_stype.cov.EH"), d.MeanCovariance(y, domains[0], domains[1]), Tolerance, "cov");
    }
}

/// <summary>Linear combinations of replicate estimates against R's svycontrast on a JK1 design.</summary>
public sealed class ReplicateContrastTests
{
    [Fact]
    public void Difference_of_domain_means_with_JK1_replicates_matches_R()
    {
        var (d, t) = Design("clus1");
        var rep = ReplicateDesign.JackknifeDeleteOne(d);
        var (codes, levels) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, levels.Length);
        var y = t.Numeric("api00");
        var c = rep.LinearCombination([rep.Mean(y, domains[0]), rep.Mean(y, domains[1])], [1.0, -1.0]);
        AssertClose("rep.jk1.contrast.EminusH.est", c.Estimate);
        AssertClose("rep.jk1.contrast.EminusH.se", c.StandardError);
    }
}
