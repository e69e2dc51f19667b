using System.Globalization;
using ParIndex.Core.Domain;
using ParIndex.Core.Estimation;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;

namespace ParIndex.Benchmarks;

/// <summary>
/// A generated round for the scoring benchmark: 150 units (50 Sở, 100 xã/phường), 7 respondent groups (5 of officials
/// rating on 26 sub-criteria, 2 of citizens rating the 10 SIPAS elements), 40 Likert-5 items per questionnaire with
/// about 5% "don't know", and 1,000,000 responses. Citizens: stratified by unit, 20 village PSUs per unit, weights
/// 1–10; officials: stratified by group, each their own PSU, weight 1. Deterministic for a seed.
/// </summary>
public sealed class ScoringRound
{
    public static readonly string[] Answers = ["dk", "1", "2", "3", "4", "5"];
    public required ScoringUnit[] Units { get; init; }
    public required ScoringCriterion[] Criteria { get; init; }
    public required string[] GroupCodes { get; init; }
    public required ItemScorer[] Scorers { get; init; }
    public required string[][] ItemIds { get; init; }
    public required int[] Unit { get; init; }
    public required int[] Group { get; init; }
    public required int[] Psu { get; init; }
    public required double[] Weight { get; init; }
    public required byte[] Answer { get; init; } // row-major, 40 per row, index into Answers

    public const int Items = 40;

    /// <summary>Every row's answers as the stored answers JSON (UTF-8, as <c>AnswerSet.AnswersJson</c> holds them), back to back.</summary>
    public byte[] Json { get; private set; } = [];

    /// <summary>Start of row r's JSON in <see cref="Json"/> (Length = rows + 1).</summary>
    public int[] JsonStart { get; private set; } = [];

    /// <summary>Writes <see cref="Json"/> from the generated answers (outside the timed scoring: the database holds it already).</summary>
    public void WriteJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Unit.Length * 420);
        var starts = new int[Unit.Length + 1];
        for (var r = 0; r < Unit.Length; r++)
        {
            var ids = ItemIds[Group[r]];
            var answers = new Dictionary<string, string>(Items, StringComparer.Ordinal);
            for (var k = 0; k < Items; k++) answers[ids[k]] = Answers[Answer[r * Items + k]];
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) System.Text.Json.JsonSerializer.Serialize(writer, answers);
            starts[r + 1] = buffer.WrittenCount;
        }
        Json = buffer.WrittenSpan.ToArray();
        JsonStart = starts;
    }

    /// <summary>
    /// The whole scoring as the loader does it: every row's answers JSON → scores (<see cref="AnswerRow"/>, straight from the
    /// UTF-8 bytes) → columns → design → estimates with SEs, points, SIPAS, ranks.
    /// </summary>
    public ScoringResult ScoreFromJson(out double buildSeconds)
    {
        if (Json.Length == 0) WriteJson();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var config = new ScoringConfiguration();
        var builder = new ScoringDataBuilder(Units, config);
        var strata = Units.Select(u => u.Code).ToArray();
        var rows = Scorers.Select(s => s.NewRow()).ToArray();
        for (var r = 0; r < Unit.Length; r++)
        {
            var g = Group[r];
            var row = rows[g];
            row.Clear();
            row.Add(Json.AsSpan(JsonStart[r], JsonStart[r + 1] - JsonStart[r]));
            var citizen = Psu[r] < 10_000;
            builder.Add(GroupCodes[g], Units[Unit[r]].Id, citizen ? strata[Unit[r]] : GroupCodes[g], Psu[r].ToString(CultureInfo.InvariantCulture), "r", Weight[r], null, row);
        }
        var data = builder.Build();
        buildSeconds = clock.Elapsed.TotalSeconds;
        return ScoringEngine.Score(data, Criteria, [], config);
    }

    public static ScoringRound Generate(int rows = 1_000_000, int seed = 20261123)
    {
        var rng = new Random(seed);
        var units = Enumerable.Range(0, 150).Select(i => i < 50 ? new ScoringUnit(i + 1, $"SO-{i:D3}", $"Sở {i}", "SO") : new ScoringUnit(i + 1, $"XA-{i:D3}", $"Xã {i}", "XA")).ToArray();
        string[] groups = ["SO-HDND", "SO-CTXA", "SO-DAN", "XA-HDND", "XA-GDSO", "XA-TRUONGTHON", "XA-DAN"];
        var citizen = groups.Select(g => g.EndsWith("DAN", StringComparison.Ordinal)).ToArray();
        var subCriteria = ScoringTargets.Criteria.Where(c => c.Code.Contains('.')).Select(c => c.Code).ToArray();
        var sipas = ScoringTargets.SipasElements.Select(e => e.Code).ToArray();
        var scorers = new ItemScorer[groups.Length];
        var itemIds = new string[groups.Length][];
        for (var g = 0; g < groups.Length; g++)
        {
            var items = Enumerable.Range(0, Items).Select(k => new Item
            {
                Id = $"q{k + 1}", Type = ItemType.Likert5, DontKnow = true,
                Scoring = citizen[g]
                    ? new ItemScoring { Target = sipas[k % sipas.Length], Rule = ScoringRule.TopBox }
                    : new ItemScoring { Target = subCriteria[k % subCriteria.Length], Rule = ScoringRule.MeanRescaled },
            }).ToList();
            scorers[g] = new ItemScorer(new QuestionnaireDefinition { Id = groups[g], Sections = [new Section { Id = "s", Items = items }] }, null);
            itemIds[g] = items.Select(i => i.Id).ToArray();
        }
        var criteria = new List<ScoringCriterion>();
        foreach (var type in new[] { "SO", "XA" })
        {
            foreach (var area in ScoringTargets.Criteria.Where(c => !c.Code.Contains('.')))
            {
                var subs = subCriteria.Where(c => c.StartsWith(area.Code + ".", StringComparison.Ordinal)).ToList();
                criteria.Add(new(type, area.Code, area.Vi, (70m + 30m) / 26 * subs.Count, ScoreComponent.Appraisal));
                foreach (var s in subs)
                {
                    criteria.Add(new(type, s, s, 100m / 26, ScoreComponent.Appraisal));
                    criteria.Add(new(type, s + ".1", s, 70m / 26, ScoreComponent.Appraisal));
                    criteria.Add(new(type, s + ".2", s, 30m / 26, ScoreComponent.Survey));
                }
            }
        }
        var unit = new int[rows];
        var group = new int[rows];
        var psu = new int[rows];
        var weight = new double[rows];
        var answer = new byte[rows * Items];
        var unitBias = units.Select(_ => rng.NextDouble() * 0.8).ToArray();
        for (var r = 0; r < rows; r++)
        {
            var isCitizen = rng.NextDouble() < 0.7;
            var so = rng.NextDouble() < 1.0 / 3;
            var g = isCitizen ? (so ? 2 : 6) : so ? rng.Next(2) : 3 + rng.Next(3);
            var u = so ? rng.Next(50) : 50 + rng.Next(100);
            unit[r] = u;
            group[r] = g;
            psu[r] = isCitizen ? u * 20 + rng.Next(20) : 10_000 + r;
            weight[r] = isCitizen ? 1 + 9 * rng.NextDouble() : 1;
            for (var k = 0; k < Items; k++)
            {
                var x = rng.NextDouble();
                answer[r * Items + k] = (byte)(x < 0.05 ? 0 : Math.Clamp((int)(1 + 5 * Math.Pow(rng.NextDouble(), 0.6 - unitBias[u] * 0.3)), 1, 5));
            }
        }
        return new ScoringRound
        {
            Units = units, Criteria = [.. criteria], GroupCodes = groups, Scorers = scorers, ItemIds = itemIds,
            Unit = unit, Group = group, Psu = psu, Weight = weight, Answer = answer,
        };
    }

    public static string Stratum(ScoringRound d, int r) => d.Psu[r] >= 10_000 ? d.GroupCodes[d.Group[r]] : d.Units[d.Unit[r]].Code;

    /// <summary>The whole scoring: every row's answers (a fresh dictionary per row, as parsed from JSON) → scores → design → estimates with SEs, points, SIPAS, ranks.</summary>
    public ScoringResult Score() => Score(out _);

    /// <summary>As <see cref="Score()"/>, reporting the seconds spent building the data (answers → scores) separately.</summary>
    public ScoringResult Score(out double buildSeconds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var config = new ScoringConfiguration();
        var builder = new ScoringDataBuilder(Units, config);
        var strata = Units.Select(u => u.Code).ToArray();
        for (var r = 0; r < Unit.Length; r++)
        {
            var g = Group[r];
            var ids = ItemIds[g];
            var answers = new Dictionary<string, string>(Items, StringComparer.Ordinal);
            for (var k = 0; k < Items; k++) answers[ids[k]] = Answers[Answer[r * Items + k]];
            var citizen = Psu[r] < 10_000;
            builder.Add(GroupCodes[g], Units[Unit[r]].Id, citizen ? strata[Unit[r]] : GroupCodes[g], Psu[r].ToString(CultureInfo.InvariantCulture), "r", Weight[r], null, Scorers[g].Scores(answers));
        }
        var data = builder.Build();
        buildSeconds = clock.Elapsed.TotalSeconds;
        return ScoringEngine.Score(data, Criteria, [], config);
    }

    /// <summary>y = 1 when item 1 is 4 or 5 (0 for "don't know"), the variable R's svyby gets.</summary>
    public double[] TopBoxItem1() => Enumerable.Range(0, Unit.Length).Select(r => Answer[r * Items] >= 4 ? 1.0 : 0.0).ToArray();

    /// <summary>The estimator timed against R: svydesign(strata, PSU, weights) + svyby(~y, ~unit, svymean) over 150 units.</summary>
    public (double Estimate, double StandardError) SvybyUnits(double[] y)
    {
        var strataCodes = new int[Unit.Length];
        for (var r = 0; r < Unit.Length; r++) strataCodes[r] = Psu[r] >= 10_000 ? 1000 + Group[r] : Unit[r];
        var design = SurveyDesign.Create(new SurveyDesignSpec { Weights = Weight, Strata = strataCodes, Psu = Psu });
        var domains = SurveyDomain.ByGroup(Unit, Units.Length);
        SurveyEstimate first = default;
        for (var u = 0; u < domains.Length; u++)
        {
            var e = design.Mean(y, domains[u]);
            if (u == 0) first = e;
        }
        return (first.Estimate, first.StandardError);
    }

    public void WriteCsv(string path, double[] y)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("stratum,psu,w,unit,y");
        for (var r = 0; r < Unit.Length; r++)
        {
            var s = Psu[r] >= 10_000 ? 1000 + Group[r] : Unit[r];
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s},{Psu[r]},{Weight[r]:R},{Unit[r]},{y[r]}"));
        }
    }
}

/// <summary>JSON options to compare whole scoring results (NaN allowed).</summary>
public static class BenchJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
