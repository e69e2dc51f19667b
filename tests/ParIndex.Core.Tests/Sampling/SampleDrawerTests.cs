using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class SampleDrawerTests
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 8, 0, 0, TimeSpan.FromHours(7));

    private static SampleDesign Yaml(string yaml) => SampleDesign.FromYaml(yaml);

    private static readonly SampleDesign CitizensTwoStage = Yaml("""
        name: xa-dan-two-stage
        groups: [XA-DAN]
        strata: [unit]
        stages:
          - name: thôn
            cluster: cluster2
            method: pps-systematic
            size: count
            count: 2
          - name: hộ
            method: srs
            count: 10
        reserve:
          ratio: 0.5
        """);

    [Fact]
    public void One_stage_stratified_srs_gives_pi_n_over_N_and_weights_adding_to_N_h()
    {
        var frame = DemoFrames.ServiceUsers();
        var draw = SampleDrawer.Draw(frame, Yaml("""
            name: so-dan-srs
            groups: [SO-DAN]
            strata: [unit]
            stages: [{ method: srs, count: 30 }]
            """), seed: 1, At);
        foreach (var stratum in draw.Strata)
        {
            var members = draw.Members.Where(m => m.Stratum == stratum.Stratum).ToList();
            Assert.Equal(30, members.Count);
            Assert.All(members, m => Assert.Equal(30.0 / stratum.PopulationUnits, m.Pi, 12));
            Assert.Equal(stratum.PopulationUnits, members.Sum(m => m.Weight), 9);
            Assert.All(members, m => Assert.Equal((stratum.PopulationUnits, 30), (m.Stages[0].PopulationCount, m.Stages[0].SampleCount)));
        }
    }

    [Fact]
    public void Census_takes_every_council_delegate_with_weight_one()
    {
        var frame = DemoFrames.Officials();
        var draw = SampleDrawer.Draw(frame, Yaml("name: hdnd\ngroups: [SO-HDND]\nstages: [{ method: census }]\n"), 5, At);
        Assert.Equal(95, draw.Members.Count);
        Assert.All(draw.Members, m => Assert.Equal(1, m.Weight));
        Assert.Empty(draw.Reserve);
    }

    [Fact]
    public void Two_stage_draw_records_both_stage_probabilities_and_weight_one_over_their_product()
    {
        var frame = DemoFrames.Citizens();
        var draw = SampleDrawer.Draw(frame, CitizensTwoStage, seed: 20261123, At);
        Assert.Equal(6 * 2 * 10, draw.Members.Count);
        foreach (var m in draw.Members)
        {
            var unit = frame.Records.Where(r => r.UnitCode == m.Record.UnitCode).ToList();
            var villages = unit.GroupBy(r => r.Cluster2).Select(g => (double)g.Count()).ToArray();
            var pik = InclusionProbabilities.Compute(villages, 2);
            var index = unit.Select(r => r.Cluster2).Distinct().ToList().IndexOf(m.Record.Cluster2);
            var households = unit.Count(r => r.Cluster2 == m.Record.Cluster2);
            Assert.Equal(pik[index], m.Stages[0].Pi, 12);
            Assert.Equal(10.0 / households, m.Stages[1].Pi, 12);
            Assert.Equal(1 / (pik[index] * 10.0 / households), m.Weight, 9);
            Assert.Equal($"{m.Record.UnitCode}/{m.Record.Cluster2}", m.Psu);
            Assert.Equal((households, 10), (m.Stages[1].PopulationCount, m.Stages[1].SampleCount));
        }
    }

    [Fact]
    public void Same_frame_design_and_seed_give_the_same_draw_and_record_it()
    {
        var frame = DemoFrames.Citizens();
        var a = SampleDrawer.Draw(frame, CitizensTwoStage, 77, At);
        var b = SampleDrawer.Draw(DemoFrames.Citizens(), CitizensTwoStage, 77, At);
        Assert.Equal(a.Members.Select(m => m.Record.Id), b.Members.Select(m => m.Record.Id));
        Assert.Equal(a.Reserve.Select(m => m.Record.Id), b.Reserve.Select(m => m.Record.Id));
        Assert.Equal((77, frame.Version, "MT19937 (MathNet.Numerics.Random.MersenneTwister 5.0.0)"), (a.Seed, a.FrameVersion, a.RandomAlgorithm));
        var c = SampleDrawer.Draw(frame, CitizensTwoStage, 78, At);
        Assert.NotEqual(a.Members.Select(m => m.Record.Id), c.Members.Select(m => m.Record.Id));
    }

    [Fact]
    public void Golden_draw_is_stable_across_machines_and_versions()
    {
        // If this fails, recorded draws can no longer be reproduced: treat as a breaking change.
        var draw = SampleDrawer.Draw(DemoFrames.ServiceUsers(), Yaml("name: g\nstrata: [unit]\nstages: [{ method: pps-brewer, count: 3 }]\n"), 42, At);
        Assert.Equal(GoldenIds, string.Join(",", draw.Members.Select(m => m.Record.Id)));
    }

    internal const string GoldenIds = "DV-SO-NV-0102,DV-SO-NV-0218,DV-SO-NV-0263,DV-SO-TC-0045,DV-SO-TC-0157,DV-SO-TC-0158,DV-SO-TP-0036,DV-SO-TP-0056,DV-SO-TP-0134,DV-SO-XD-0073,DV-SO-XD-0094,DV-SO-XD-0121,DV-SO-YT-0095,DV-SO-YT-0100,DV-SO-YT-0160";

    [Fact]
    public void Reserve_lists_hold_unselected_units_of_the_same_pool_in_rank_order()
    {
        var draw = SampleDrawer.Draw(DemoFrames.Citizens(), CitizensTwoStage, 3, At);
        var selected = draw.Members.Select(m => m.Record.Id).ToHashSet();
        foreach (var pool in draw.Reserve.GroupBy(x => x.Pool))
        {
            Assert.Equal(5, pool.Count()); // ⌈0.5 × 10⌉
            Assert.Equal([1, 2, 3, 4, 5], pool.Select(x => x.Rank));
            Assert.All(pool, x => Assert.DoesNotContain(x.Record.Id, selected));
            var members = draw.Members.Where(m => m.Pool == pool.Key).ToList();
            Assert.Equal(10, members.Count);
            Assert.All(pool, x => Assert.Equal(members[0].Record.Cluster2, x.Record.Cluster2)); // same village
        }
    }

    [Fact]
    public void Replacing_a_refusal_takes_the_next_reserve_of_the_same_pool_and_logs_it()
    {
        var draw = SampleDrawer.Draw(DemoFrames.Citizens(), CitizensTwoStage, 9, At);
        var refusal = draw.Members[3];
        var expected = draw.Reserve.First(x => x.Pool == refusal.Pool);
        var entry = draw.Replace(refusal.Record.Id, "Từ chối trả lời", At.AddDays(3), "dtv-01");

        Assert.Equal((1, refusal.Record.Id, expected.Record.Id, 1, "Từ chối trả lời", "dtv-01"),
            (entry.Sequence, entry.ReplacedId, entry.ReplacementId, entry.ReserveRank, entry.Reason, entry.By));
        Assert.Equal(MemberStatus.Replaced, draw.Members[3].Status);
        var replacement = draw.Members.Single(m => m.ReplacesId == refusal.Record.Id);
        Assert.Equal(MemberStatus.Replacement, replacement.Status);
        Assert.Equal(refusal.Weight, replacement.Weight);
        Assert.Equal(refusal.Pool, replacement.Pool);
        Assert.True(draw.Reserve.First(x => x.Pool == refusal.Pool).Used);
        Assert.Equal(draw.Members.Count - 1, draw.Active.Count());

        // The replacement can refuse too: the next rank comes in.
        var second = draw.Replace(replacement.Record.Id, "Không liên lạc được", At.AddDays(4));
        Assert.Equal(2, second.ReserveRank);
    }

    [Fact]
    public void Replacement_fails_clearly_when_the_pool_reserve_is_used_up_or_the_id_is_unknown()
    {
        var draw = SampleDrawer.Draw(DemoFrames.Citizens(), CitizensTwoStage, 9, At);
        var id = draw.Members[0].Record.Id;
        for (var i = 0; i < 5; i++) id = draw.Replace(id, "từ chối", At).ReplacementId; // the pool holds ⌈0.5 × 10⌉ = 5
        var error = Assert.Throws<InvalidOperationException>(() => draw.Replace(id, "từ chối", At));
        Assert.Contains("used up", error.Message);
        Assert.Throws<KeyNotFoundException>(() => draw.Replace("KHONG-CO", "từ chối", At));
    }

    [Fact]
    public void Neyman_allocation_from_the_design_file_spreads_the_total_over_strata()
    {
        var frame = DemoFrames.ServiceUsers();
        var draw = SampleDrawer.Draw(frame, Yaml("""
            name: so-dan-neyman
            strata: [unit]
            stages: [{ method: srs }]
            allocation:
              method: neyman
              total: 100
              minimum: 5
              stdDev: { SO-TP: 1, SO-NV: 1, SO-TC: 1, SO-XD: 1, SO-YT: 4 }
            """), 1, At);
        Assert.Equal(100, draw.Members.Count);
        var expected = Allocation.Allocate(draw.Strata.Select(s => new StratumSpec(s.Stratum, s.PopulationUnits, s.Stratum == "SO-YT" ? 4 : 1)).ToList(), 100, AllocationMethod.Neyman, 5);
        Assert.Equal(expected.Select(e => e.Size), draw.Strata.Select(s => s.SampleUnits));
    }

    [Fact]
    public void Size_formula_gives_each_stratum_its_own_n_from_its_N()
    {
        var draw = SampleDrawer.Draw(DemoFrames.ServiceUsers(), Yaml("""
            name: so-dan-cochran
            strata: [unit]
            stages: [{ method: systematic }]
            allocation:
              formula: { name: cochran-proportion, margin: 0.1, responseRate: 0.8 }
            """), 1, At);
        foreach (var s in draw.Strata)
            Assert.Equal(SampleSize.Compute(new SampleSizeSpec(SampleSizeFormula.CochranProportion, s.PopulationUnits, 0.1, ResponseRate: 0.8)).Issued, s.SampleUnits);
    }

    [Fact]
    public void Column_sampler_gives_the_same_draw_as_the_record_drawer_for_one_stage_designs()
    {
        var frame = DemoFrames.ServiceUsers();
        var design = Yaml("name: x\nstrata: [unit]\nstages: [{ method: pps-systematic, count: 12 }]\nreserve: { ratio: 0.5 }\n");
        var draw = SampleDrawer.Draw(frame, design, 11, At);
        var keys = frame.Records.Select(r => r.UnitCode).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = StratifiedSampler.Draw(frame.Records.Select(r => r.SizeMeasure!.Value).ToArray(),
            frame.Records.Select(r => keys.IndexOf(r.UnitCode)).ToArray(), Enumerable.Repeat(12, keys.Count).ToArray(),
            SelectionMethod.PpsSystematic, new SamplingRandom(11), 0.5);
        Assert.Equal(draw.Members.Select(m => m.Record.Id), columns.Selected.Select(i => frame.Records[i].Id));
        Assert.Equal(draw.Members.Select(m => m.Pi), columns.Pi);
        Assert.Equal(draw.Reserve.Select(m => m.Record.Id), columns.Reserve.Select(i => frame.Records[i].Id));
    }

    /// <summary>
    /// Two-stage distribution check: over R draws each household's frequency must be within
    /// 4.5 binomial SE (+1/R) of π₁·π₂. Small frame (3 villages, 24 households) so R = 3,000 runs in well under a second.
    /// </summary>
    [Theory]
    [InlineData("pps-systematic")]
    [InlineData("pps-brewer")]
    [InlineData("pps-sampford")]
    public void Two_stage_empirical_inclusion_matches_pi1_times_pi2(string firstStage)
    {
        var rows = new List<FrameRecord>();
        foreach (var (village, households) in new[] { ("T1", 4), ("T2", 8), ("T3", 12) })
            for (var h = 1; h <= households; h++)
                rows.Add(new FrameRecord { Id = $"{village}-{h}", GroupCode = "XA-DAN", UnitCode = "X", Cluster1 = "X", Cluster2 = village });
        var frame = new Frame(rows);
        var design = Yaml($"name: d\nstages: [{{ cluster: cluster2, method: {firstStage}, count: 2 }}, {{ method: srs, count: 3 }}]\nreserve: {{ ratio: 0 }}\n");
        const int R = 3000;
        var counts = rows.ToDictionary(r => r.Id, _ => 0);
        double[]? pi = null;
        for (var seed = 1; seed <= R; seed++)
            foreach (var m in SampleDrawer.Draw(frame, design, seed, At).Members) counts[m.Record.Id]++;
        pi = InclusionProbabilities.Compute([4, 8, 12], 2);
        foreach (var r in rows)
        {
            var v = int.Parse(r.Cluster2![1..], System.Globalization.CultureInfo.InvariantCulture) - 1;
            var p = pi[v] * 3.0 / new[] { 4, 8, 12 }[v];
            var f = (double)counts[r.Id] / R;
            Assert.True(Math.Abs(f - p) <= 4.5 * Math.Sqrt(p * (1 - p) / R) + 1.0 / R, $"{r.Id}: f = {f:F4}, π = {p:F4}");
        }
    }

    /// <summary>
    /// The reserve order is a uniformly random order of the unselected units: with N = 10, n = 3 the
    /// chance that a unit is first in reserve is (1 − 3/10)·(1/7) = 0.1 for every unit.
    /// </summary>
    [Fact]
    public void First_reserve_rank_is_uniform_over_the_units()
    {
        var frame = new Frame(Enumerable.Range(1, 10).Select(k => new FrameRecord { Id = $"U{k}", GroupCode = "G", UnitCode = "X" }).ToList());
        var design = Yaml("name: r\nstages: [{ method: srs, count: 3 }]\nreserve: { ratio: null }\n");
        const int R = 3000;
        var first = new Dictionary<string, int>();
        for (var seed = 1; seed <= R; seed++)
        {
            var draw = SampleDrawer.Draw(frame, design, seed, At);
            Assert.Equal(7, draw.Reserve.Count);
            var id = draw.Reserve.Single(x => x.Rank == 1).Record.Id;
            first[id] = first.GetValueOrDefault(id) + 1;
        }
        foreach (var k in Enumerable.Range(1, 10))
        {
            var f = first.GetValueOrDefault($"U{k}") / (double)R;
            Assert.True(Math.Abs(f - 0.1) <= 4.5 * Math.Sqrt(0.1 * 0.9 / R) + 1.0 / R, $"U{k}: {f:F4}");
        }
    }

    [Fact]
    public void Strata_columns_accept_vietnamese_field_names_and_frame_columns()
    {
        var r = DemoFrames.Citizens().Records[0];
        Assert.Equal($"{r.UnitCode} | thành thị", SampleDrawer.StratumKey(r, ["Đơn vị", "Khu vực"]));
        Assert.Equal(["Khu vực"], SampleDesign.FromYaml("name: x\nstrata: [nhóm, Khu vực]\nstages: [{ method: census }]\n").FrameStrataColumns);
    }
}
