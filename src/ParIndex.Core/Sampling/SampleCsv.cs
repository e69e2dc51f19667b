using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ParIndex.Core.Sampling;

/// <summary>
/// CSV output of frames and draws: UTF-8 with BOM (so Excel shows Vietnamese correctly), ',' separator,
/// numbers in invariant culture with '.' and full precision (R: <c>read.csv</c> reads them as they are).
/// Cells starting with '=', '@', tab or CR are prefixed with "'" on output (OWASP); '+' and '-' are left
/// alone so "+84 …" phones survive, since the importer already rejects '+'/'-' formulas. Output is for
/// people's spreadsheets, where neutralising is the safe default.
/// </summary>
public static class SampleCsv
{
    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private static CsvWriter Writer(TextWriter w) => new(w, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n", InjectionOptions = InjectionOptions.Escape, InjectionCharacters = ['=', '@', '\t', '\r'] });

    /// <summary>Frame columns: id,name,phone,email,address,group,unit,size,cluster1,cluster2,cluster3, then strata columns.</summary>
    public static void WriteFrame(Frame frame, TextWriter writer)
    {
        var strata = frame.Records.SelectMany(r => r.Strata.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        using var csv = Writer(writer);
        foreach (var h in new[] { "id", "name", "phone", "email", "address", "group", "unit", "size", "cluster1", "cluster2", "cluster3" }.Concat(strata)) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in frame.Records)
        {
            csv.WriteField(r.Id); csv.WriteField(r.Name); csv.WriteField(r.Phone); csv.WriteField(r.Email); csv.WriteField(r.Address);
            csv.WriteField(r.GroupCode); csv.WriteField(r.UnitCode); csv.WriteField(r.SizeMeasure is { } s ? Num(s) : "");
            csv.WriteField(r.Cluster1); csv.WriteField(r.Cluster2); csv.WriteField(r.Cluster3);
            foreach (var k in strata) csv.WriteField(r.Strata.TryGetValue(k, out var v) ? v : "");
            csv.NextRecord();
        }
    }

    /// <summary>
    /// The sample: one row per member with status (official / replaced / replacement), stratum, psu,
    /// per-stage π and fpc (N and n per stage), overall π and weight, and the draw's record
    /// (seed, generator, frame version) on every row so the file stands alone.
    /// </summary>
    public static void WriteSample(SampleDraw draw, TextWriter writer)
    {
        using var csv = Writer(writer);
        foreach (var h in new[] { "id", "name", "phone", "email", "address", "group", "unit", "status", "replaces", "stratum", "psu", "ssu",
                     "pi1", "pi2", "pi3", "N1", "n1", "N2", "n2", "N3", "n3", "pi", "weight", "design", "seed", "rng", "frame_version" })
            csv.WriteField(h);
        csv.NextRecord();
        foreach (var m in draw.Members)
        {
            var r = m.Record;
            csv.WriteField(r.Id); csv.WriteField(r.Name); csv.WriteField(r.Phone); csv.WriteField(r.Email); csv.WriteField(r.Address);
            csv.WriteField(r.GroupCode); csv.WriteField(r.UnitCode);
            csv.WriteField(m.Status.ToString().ToLowerInvariant()); csv.WriteField(m.ReplacesId);
            csv.WriteField(m.Stratum); csv.WriteField(m.Psu); csv.WriteField(m.Stages.Count > 1 ? m.Stages[1].UnitId : "");
            for (var s = 0; s < 3; s++) csv.WriteField(s < m.Stages.Count ? Num(m.Stages[s].Pi) : "");
            for (var s = 0; s < 3; s++)
            {
                csv.WriteField(s < m.Stages.Count ? m.Stages[s].PopulationCount.ToString(CultureInfo.InvariantCulture) : "");
                csv.WriteField(s < m.Stages.Count ? m.Stages[s].SampleCount.ToString(CultureInfo.InvariantCulture) : "");
            }
            csv.WriteField(Num(m.Pi)); csv.WriteField(Num(m.Weight));
            csv.WriteField(draw.DesignName); csv.WriteField(draw.Seed.ToString(CultureInfo.InvariantCulture)); csv.WriteField(draw.RandomAlgorithm); csv.WriteField(draw.FrameVersion);
            csv.NextRecord();
        }
    }

    /// <summary>The reserve list in order: pool, rank, and whether it has been used.</summary>
    public static void WriteReserve(SampleDraw draw, TextWriter writer)
    {
        using var csv = Writer(writer);
        foreach (var h in new[] { "pool", "rank", "id", "name", "phone", "email", "address", "group", "unit", "stratum", "used" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var x in draw.Reserve)
        {
            csv.WriteField(x.Pool); csv.WriteField(x.Rank.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(x.Record.Id); csv.WriteField(x.Record.Name); csv.WriteField(x.Record.Phone); csv.WriteField(x.Record.Email); csv.WriteField(x.Record.Address);
            csv.WriteField(x.Record.GroupCode); csv.WriteField(x.Record.UnitCode); csv.WriteField(x.Stratum); csv.WriteField(x.Used ? "yes" : "no");
            csv.NextRecord();
        }
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
