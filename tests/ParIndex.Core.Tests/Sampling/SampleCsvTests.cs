using System.Globalization;
using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class SampleCsvTests
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sample_csv_has_stage_probabilities_fpc_weight_and_the_draw_record_in_invariant_numbers()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("vi-VN"); // decimal comma must not leak into the file
        try
        {
            var draw = SampleDrawer.Draw(DemoFrames.Citizens(), SampleDesign.FromYaml(
                "name: d\nstrata: [unit]\nstages: [{ cluster: cluster2, method: pps-brewer, count: 2 }, { method: srs, count: 5 }]\n"), 4, At);
            var w = new StringWriter();
            SampleCsv.WriteSample(draw, w);
            var lines = w.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,name,phone,email,address,group,unit,status,replaces,stratum,psu,ssu,pi1,pi2,pi3,N1,n1,N2,n2,N3,n3,pi,weight,design,seed,rng,frame_version", lines[0]);
            Assert.Equal(draw.Members.Count + 1, lines.Length);
            var m = draw.Members[0];
            Assert.Contains($",{m.Stages[0].Pi.ToString("R", CultureInfo.InvariantCulture)},{m.Stages[1].Pi.ToString("R", CultureInfo.InvariantCulture)},,", lines[1]);
            Assert.Contains($",{m.Stages[0].PopulationCount},2,{m.Stages[1].PopulationCount},5,,,", lines[1]);
            Assert.EndsWith($",d,4,{SamplingRandom.AlgorithmName},{draw.FrameVersion}", lines[1]);
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    [Fact]
    public void Output_neutralises_formula_cells_but_keeps_international_phones()
    {
        var frame = new Frame([new FrameRecord { Id = "A1", Name = "=1+2", Phone = "+84 912 345 678", GroupCode = "G", UnitCode = "U" }]);
        var w = new StringWriter();
        SampleCsv.WriteFrame(frame, w);
        var row = w.ToString().Split("\r\n")[1];
        Assert.StartsWith("A1,\"'=1+2\",+84 912 345 678,", row);
    }

    [Fact]
    public void Written_frame_reads_back_identically()
    {
        var frame = DemoFrames.ServiceUsers();
        var w = new StringWriter();
        SampleCsv.WriteFrame(frame, w);
        var back = FrameImporter.ImportCsv(SampleCsv.Utf8WithBom.GetPreamble().Concat(SampleCsv.Utf8WithBom.GetBytes(w.ToString())).ToArray(), new FrameImportOptions()).Frame!;
        Assert.Equal(Frame.HashOf(frame.Records), Frame.HashOf(back.Records.Select(r => r with { Line = 0 })));
    }
}
