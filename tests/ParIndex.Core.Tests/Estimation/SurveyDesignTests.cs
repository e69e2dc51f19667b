using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>How a <see cref="SurveyDesignSpec"/> is read: fpc forms, probabilities, nesting and R's input errors.</summary>
public sealed class SurveyDesignTests
{
    [Fact]
    public void Fpc_given_as_sampling_fractions_equals_fpc_given_as_population_sizes()
    {
        var t = Table("apistrat");
        var (codes, levels) = t.Codes("stype");
        var n = new int[levels.Length];
        foreach (var c in codes)
        {
            n[c]++;
        }

        var popsize = t.Numeric("fpc");
        var fraction = popsize.Select((N, i) => n[codes[i]] / N).ToArray();
        var d = SurveyDesign.Create(new SurveyDesignSpec { Strata = codes, Weights = t.Numeric("pw"), Fpc1 = fraction });
        var m = d.Mean(t.Numeric("api00"));
        AssertClose("strat.mean.api00.se", m.StandardError);
    }

    [Fact]
    public void With_replacement_first_stage_ignores_the_fpc()
    {
        var t = Table("apistrat");
        var d = SurveyDesign.Create(new SurveyDesignSpec { Strata = t.Codes("stype").Codes, Weights = t.Numeric("pw"), Fpc1 = t.Numeric("fpc"), WithReplacement = true });
        AssertClose("stratwr.mean.api00.se", d.Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void With_replacement_two_stage_design_drops_the_second_stage()
    {
        var t = Table("apiclus2");
        var d = SurveyDesign.Create(new SurveyDesignSpec
        {
            Psu = t.Codes("dnum").Codes, Ssu = t.Codes("snum").Codes, Weights = t.Numeric("pw"),
            Fpc1 = t.Numeric("fpc1"), Fpc2 = t.Numeric("fpc2"), WithReplacement = true,
        });
        AssertClose("clus2wr.mean.api00.se", d.Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void Probabilities_are_inverted_into_weights()
    {
        var t = Table("apistrat");
        var pw = t.Numeric("pw");
        var d = SurveyDesign.Create(new SurveyDesignSpec { Strata = t.Codes("stype").Codes, Probabilities = [.. pw.Select(w => 1 / w)], Fpc1 = t.Numeric("fpc") });
        AssertClose("strat.mean.api00.est", d.Mean(t.Numeric("api00")).Estimate);
        AssertClose("strat.mean.api00.se", d.Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void Nest_makes_PSU_ids_unique_within_strata_and_without_it_repeated_ids_are_an_error()
    {
        var t = Table("apistrat");
        var strata = t.Codes("stype").Codes;
        var seen = new int[3];
        var idWithinStratum = strata.Select(h => seen[h]++).ToArray();
        var nested = SurveyDesign.Create(new SurveyDesignSpec { Strata = strata, Psu = idWithinStratum, Weights = t.Numeric("pw"), Fpc1 = t.Numeric("fpc"), Nest = true });
        Assert.Equal(200, nested.PsuCount);
        AssertClose("strat.mean.api00.se", nested.Mean(t.Numeric("api00")).StandardError);
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Strata = strata, Psu = idWithinStratum, Weights = t.Numeric("pw") }));
    }

    [Fact]
    public void Mixed_fpc_forms_and_oversized_samples_are_rejected_as_in_R()
    {
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1, 2], Fpc1 = [0.5, 10, 10] }));
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1, 2], Fpc1 = [2, 2, 2] }));
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 0, 0], Weights = [1, 1, 1] }));
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1], Weights = [1, 1, 1] }));
    }

    [Fact]
    public void Missing_design_values_are_rejected_as_in_R()
    {
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1, 2], Weights = [1, double.NaN, 1] }));
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, -1, 2], Weights = [1, 1, 1] }));
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1, 2], Strata = [0, 0, -1], Weights = [1, 1, 1] }));
        Assert.Throws<ArgumentException>(() => SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1, 2], Fpc1 = [10, double.NaN, 10] }));
    }

    [Fact]
    public void Weights_are_derived_from_the_fpc_when_none_are_given()
    {
        var d = SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 0, 1, 1], Ssu = [0, 1, 0, 1], Fpc1 = [10, 10, 10, 10], Fpc2 = [4, 4, 8, 8] });
        Assert.Equal([10, 10, 20, 20], d.Weights.ToArray());
    }

    [Fact]
    public void Empty_domain_mean_is_NaN_and_total_is_zero()
    {
        var (d, t) = Design("strat");
        var none = SurveyDomain.Where(new bool[d.RowCount]);
        Assert.True(double.IsNaN(d.Mean(t.Numeric("api00"), none).Estimate));
        Assert.Equal(0, d.Total(t.Numeric("api00"), none).Estimate);
        Assert.Equal(0, d.Total(t.Numeric("api00"), none).Variance);
    }

    [Fact]
    public void Missing_value_propagates_into_the_estimate()
    {
        var d = SurveyDesign.Create(new SurveyDesignSpec { Psu = [0, 1, 2], Weights = [1, 1, 1] });
        Assert.True(double.IsNaN(d.Mean([1, double.NaN, 3]).Estimate));
    }

    [Fact]
    public void Factor_codes_follow_ordinal_order_of_labels_and_missing_is_minus_one()
    {
        var (codes, levels) = Factor.Encode(["b", "a", null, "b"]);
        Assert.Equal(["a", "b"], levels);
        Assert.Equal([1, 0, -1, 1], codes);
    }
}
