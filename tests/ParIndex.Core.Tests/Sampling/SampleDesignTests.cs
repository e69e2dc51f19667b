using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class SampleDesignTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("ParIndex.sln not found above the test folder.");
    }

    [Theory]
    [InlineData("xa-dan-citizens.yaml", "frame-xa-dan.csv", 216)]
    [InlineData("so-dan-service-users.yaml", "frame-so-dan.csv", 642)]
    [InlineData("so-dan-pps-brewer.yaml", "frame-so-dan.csv", 300)]
    [InlineData("officials.yaml", "frame-officials.csv", 95)]
    [InlineData("xa-truongthon.yaml", "frame-officials.csv", 24)]
    public void Demo_design_files_validate_their_frames_and_draw(string designFile, string frameFile, int expectedMembers)
    {
        var folder = Path.Combine(RepoRoot(), "sampling");
        var designPath = Path.Combine(folder, designFile);
        var design = SampleDesign.Load(designPath);
        var catalogue = design.LoadCatalogue(designPath)!;
        var import = FrameImporter.Import(Path.Combine(folder, frameFile), new FrameImportOptions
        {
            KnownGroups = catalogue.Groups.Keys, KnownUnits = catalogue.Units.Keys, UnitOptionalGroups = catalogue.RatesManyUnits, RequireSizeMeasure = design.NeedsSizeMeasure,
        });
        Assert.True(import.IsClean, string.Join("\n", import.Errors.Take(5)));
        var draw = SampleDrawer.Draw(import.Frame!, design, 7);
        Assert.Equal(expectedMembers, draw.Members.Count);
    }

    [Theory]
    [InlineData("xa-dan-citizens.yaml", "frame-xa-dan.csv")]
    [InlineData("so-dan-pps-brewer.yaml", "frame-so-dan.csv")]
    [InlineData("so-dan-service-users.yaml", "frame-so-dan.csv")]
    public void A_design_written_back_as_yaml_draws_the_same_sample(string designFile, string frameFile)
    {
        // A stored draw keeps its design as YAML: read back, it must give the same sample from the same seed.
        var folder = Path.Combine(RepoRoot(), "sampling");
        var design = SampleDesign.Load(Path.Combine(folder, designFile));
        var again = SampleDesign.FromYaml(design.ToYaml());
        var frame = FrameImporter.Import(Path.Combine(folder, frameFile), new FrameImportOptions()).Frame!;
        Assert.Equal(SampleDrawer.Draw(frame, design, 11).Members.Select(m => (m.Record.Id, m.Pi)),
            SampleDrawer.Draw(frame, again, 11).Members.Select(m => (m.Record.Id, m.Pi)));
    }

    [Fact]
    public void Committed_demo_frames_are_exactly_what_the_generator_makes()
    {
        // sampling/frame-*.csv are regenerated with `parindex sample demo-frames --out-dir sampling`.
        var folder = Path.Combine(RepoRoot(), "sampling");
        foreach (var (file, frame) in new[] { ("frame-xa-dan.csv", DemoFrames.Citizens()), ("frame-officials.csv", DemoFrames.Officials()), ("frame-so-dan.csv", DemoFrames.ServiceUsers()) })
        {
            var imported = FrameImporter.Import(Path.Combine(folder, file), new FrameImportOptions { UnitOptionalGroups = DemoFrames.RatesManyUnits }).Frame!;
            Assert.Equal(frame.Count, imported.Count);
            Assert.Equal(frame.Records.Select(r => (r.Id, r.Cluster2, r.SizeMeasure)), imported.Records.Select(r => (r.Id, r.Cluster2, r.SizeMeasure)));
        }
    }

    [Theory]
    [InlineData("stages: [{ method: srs, count: 3 }]", "name")]
    [InlineData("name: x\nstages: []", "1 to 3 stages")]
    [InlineData("name: x\nstages: [{ method: lottery, count: 3 }]", "Unknown selection method")]
    [InlineData("name: x\nstages: [{ method: srs }]", "'count' is required")]
    [InlineData("name: x\nstages: [{ method: srs }, { cluster: cluster1, method: srs, count: 2 }]", "only the last stage")]
    [InlineData("name: x\nstages: [{ cluster: cluster2, method: srs, count: 2 }, { cluster: cluster1, method: srs, count: 2 }, { method: srs, count: 1 }]", "below the previous")]
    [InlineData("name: x\nstages: [{ method: srs }]\nallocation: { method: neyman }", "give 'total' or 'formula'")]
    [InlineData("name: x\nstages: [{ method: srs }]\nallocation: { method: largest, total: 5 }", "Unknown allocation")]
    public void Invalid_design_files_are_rejected_with_a_reason(string yaml, string reason)
    {
        var e = Assert.Throws<FormatException>(() => SampleDesign.FromYaml(yaml));
        Assert.Contains(reason, e.Message);
    }
}
