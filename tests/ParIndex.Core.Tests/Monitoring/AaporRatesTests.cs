using ParIndex.Core.Monitoring;

namespace ParIndex.Core.Tests.Monitoring;

/// <summary>
/// AAPOR Standard Definitions (10th ed.) rates on a hand-computed example:
/// I=400, P=50, R=100, NC=150, O=20, UH=200, UO=80, NE=100 (1,100 cases).
/// I+P = 450; R+NC+O = 270; known eligible = 720; UH+UO = 280.
/// e = 720 / (720+100) = 720/820; e(UH+UO) = 280·720/820 = 245.853658…; so the RR3 denominator is 720·1100/820.
/// </summary>
public sealed class AaporRatesTests
{
    private static readonly DispositionCounts Example = new(I: 400, P: 50, R: 100, NC: 150, O: 20, UH: 200, UO: 80, NE: 100);

    [Fact]
    public void Eligibility_share_is_the_proportion_eligible_among_cases_of_known_eligibility()
    {
        Assert.Equal(720.0 / 820, Example.EstimatedEligibility, 12);
        Assert.Equal(1100, Example.Total);
    }

    [Fact]
    public void Response_rates_match_the_hand_computed_example()
    {
        var r = AaporRates.Of(Example);
        Assert.Equal(0.4, r.RR1, 12);                                  // 400/1000
        Assert.Equal(0.45, r.RR2, 12);                                 // 450/1000
        Assert.Equal(400.0 * 820 / (720 * 1100), r.RR3, 12);           // 0.414141…
        Assert.Equal(0.41414141414141, r.RR3, 12);
        Assert.Equal(450.0 * 820 / (720 * 1100), r.RR4, 12);           // 0.465909…
        Assert.Equal(400.0 / 720, r.RR5, 12);                          // 0.5556
        Assert.Equal(0.625, r.RR6, 12);                                // 450/720
    }

    [Fact]
    public void Cooperation_refusal_and_contact_rates_match_the_hand_computed_example()
    {
        var r = AaporRates.Of(Example);
        Assert.Equal(400.0 / 570, r.COOP1, 12);  // I/((I+P)+R+O)
        Assert.Equal(450.0 / 570, r.COOP2, 12);
        Assert.Equal(400.0 / 550, r.COOP3, 12);  // I/((I+P)+R)
        Assert.Equal(450.0 / 550, r.COOP4, 12);
        Assert.Equal(0.1, r.REF1, 12);           // 100/1000
        Assert.Equal(100.0 * 820 / (720 * 1100), r.REF2, 12);
        Assert.Equal(100.0 / 720, r.REF3, 12);
        Assert.Equal(0.57, r.CON1, 12);          // 570/1000
        Assert.Equal(570.0 * 820 / (720 * 1100), r.CON2, 12);
        Assert.Equal(570.0 / 720, r.CON3, 12);
    }

    [Fact]
    public void Ordering_of_the_response_rates_holds()
    {
        var r = AaporRates.Of(Example);
        Assert.True(r.RR1 <= r.RR3 && r.RR3 <= r.RR5);
        Assert.True(r.RR2 <= r.RR4 && r.RR4 <= r.RR6);
    }

    [Fact]
    public void A_given_e_replaces_the_estimate_and_e_of_one_makes_rr3_equal_rr1()
    {
        Assert.Equal(AaporRates.Of(Example).RR1, AaporRates.Of(Example, e: 1).RR3, 12);
        Assert.Equal(AaporRates.Of(Example).RR5, AaporRates.Of(Example, e: 0).RR3, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => AaporRates.Of(Example, e: 1.5));
    }

    [Fact]
    public void An_empty_cell_has_no_rates_rather_than_zero()
    {
        var r = AaporRates.Of(default);
        Assert.True(double.IsNaN(r.RR1) && double.IsNaN(r.COOP1) && double.IsNaN(r.CON3));
        Assert.Equal(1, r.E);
    }

    [Theory]
    [InlineData(true, false, false, null, null, Disposition.Complete)]
    [InlineData(true, true, true, null, Disposition.Refusal, Disposition.Complete)]
    [InlineData(true, true, false, null, Disposition.NotEligible, Disposition.NotEligible)]
    [InlineData(true, true, false, 0.8, null, Disposition.Partial)]
    [InlineData(true, true, false, 0.2, null, Disposition.Refusal)]
    [InlineData(true, true, false, null, null, Disposition.Refusal)]
    [InlineData(true, false, false, null, null, Disposition.UnknownOther)]
    [InlineData(false, false, false, null, null, Disposition.UnknownHousehold)]
    [InlineData(false, false, false, null, Disposition.NonContact, Disposition.NonContact)]
    public void Dispositions_are_derived_in_the_stated_order(bool invited, bool opened, bool submitted, double? share, Disposition? recorded, Disposition expected)
    {
        if (expected == Disposition.Complete && !submitted) submitted = true;
        Assert.Equal(expected, DispositionRules.Derive(new CaseFacts(invited, opened, submitted, share, recorded)));
    }

    [Fact]
    public void Counts_are_built_from_dispositions()
    {
        var c = DispositionCounts.Of([Disposition.Complete, Disposition.Complete, Disposition.Partial, Disposition.Refusal, Disposition.NonContact,
            Disposition.Other, Disposition.UnknownHousehold, Disposition.UnknownOther, Disposition.NotEligible]);
        Assert.Equal(new DispositionCounts(2, 1, 1, 1, 1, 1, 1, 1), c);
        Assert.Equal(c + c, new DispositionCounts(4, 2, 2, 2, 2, 2, 2, 2));
    }
}
