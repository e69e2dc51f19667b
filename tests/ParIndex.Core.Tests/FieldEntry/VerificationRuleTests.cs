using ParIndex.Core.FieldEntry;

namespace ParIndex.Core.Tests.FieldEntry;

public sealed class VerificationRuleTests
{
    private static readonly VerificationPolicy Sample20 = new(VerifyAll: false, SamplePercent: 20, ErrorRateThreshold: 0.01, MinFieldsForRate: 100);

    [Fact]
    public void Full_verification_keys_every_form_again_whatever_the_draw() =>
        Assert.All(new[] { 0, 0.5, 0.999999 }, u => Assert.Equal(new VerificationDecision(true, VerificationReason.All), VerificationRule.Decide(VerificationPolicy.Default, new KeyerRecord(), u)));

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.1999, true)]
    [InlineData(0.2, false)]
    [InlineData(0.95, false)]
    public void A_sample_draws_a_form_when_the_uniform_draw_is_below_the_percentage(double draw, bool verify)
    {
        var d = VerificationRule.Decide(Sample20, new KeyerRecord(1000, 5), draw);
        Assert.Equal(verify, d.Verify);
        Assert.Equal(verify ? VerificationReason.Sampled : VerificationReason.NotSampled, d.Reason);
    }

    [Fact]
    public void A_keyer_above_the_error_threshold_is_escalated_to_every_form()
    {
        // 2 errors in 100 verified fields = 2% > 1%.
        var d = VerificationRule.Decide(Sample20, new KeyerRecord(100, 2), 0.99);
        Assert.Equal(new VerificationDecision(true, VerificationReason.Escalated), d);
    }

    [Fact]
    public void Escalation_waits_for_enough_verified_fields_and_is_strictly_above_the_threshold()
    {
        Assert.False(VerificationRule.IsEscalated(Sample20, new KeyerRecord(99, 50)));   // too few fields to judge
        Assert.False(VerificationRule.IsEscalated(Sample20, new KeyerRecord(200, 2)));   // exactly 1%: not above
        Assert.True(VerificationRule.IsEscalated(Sample20, new KeyerRecord(200, 3)));
        Assert.False(VerificationRule.IsEscalated(Sample20, new KeyerRecord(0, 0)));
        Assert.True(double.IsNaN(new KeyerRecord(0, 0).ErrorRate));
    }

    [Fact]
    public void Over_many_forms_the_share_drawn_is_close_to_the_percentage()
    {
        var rng = new Random(20261123);
        const int n = 20_000;
        var drawn = Enumerable.Range(0, n).Count(_ => VerificationRule.Decide(Sample20, new KeyerRecord(), rng.NextDouble()).Verify);
        // Binomial(20000, 0.2): sd = 56.6; 4 sd either side.
        Assert.InRange(drawn, 4000 - 227, 4000 + 227);
    }

    [Fact]
    public void Invalid_policies_and_draws_are_refused()
    {
        Assert.Equal("sample-percent", (Sample20 with { SamplePercent = 101 }).Problem);
        Assert.Equal("error-threshold", (Sample20 with { ErrorRateThreshold = -0.1 }).Problem);
        Assert.Null(Sample20.Problem);
        Assert.Throws<ArgumentOutOfRangeException>(() => VerificationRule.Decide(Sample20, new KeyerRecord(), 1.0));
    }
}
