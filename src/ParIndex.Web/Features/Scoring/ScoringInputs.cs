using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Features.SelfAssessment;

namespace ParIndex.Web.Features.Scoring;

/// <summary>Everything a score run reads, loaded from the database, with the SHA-256 of it all.</summary>
public sealed record ScoringInputs(
    Round Round, ScoringConfiguration Configuration, int ConfigVersion, ScoringData Data, IReadOnlyList<ScoringCriterion> Criteria,
    IReadOnlyList<AppraisalScore> Appraisals, IReadOnlyDictionary<string, UnitAppraisal> ApprovedAppraisals, int ResponseCount, string InputHash)
{
    /// <summary>What the loading noticed that the result should say (e.g. ratings of units a matrix design did not assign).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>JSON for stored results: NaN (no estimate) is written as "NaN", enums as names.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The API's JSON (camelCase) with NaN allowed, for figures that have no estimate.</summary>
    public static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Loads a round's submitted responses (one scoring row per response × rated unit; a citizen's answers belong to the
    /// unit of the response), the design values of their respondents, the criteria, the appraisal scores and the current
    /// configuration. Responses through public links have no sample member: weight 1, own PSU, stratum "public:&lt;group&gt;".
    /// </summary>
    public static Task<ScoringInputs> LoadAsync(ParIndexDbContext db, int roundId, CancellationToken ct) => LoadAsync(db, roundId, rows: null, ct);

    /// <summary>
    /// Adds the round's counted responses to <paramref name="builder"/> and <paramref name="hash"/>, one scoring row per
    /// response × rated unit in response order; returns how many responses it read.
    /// </summary>
    internal delegate Task<int> ResponseRows(ParIndexDbContext db, int roundId, ScoringDataBuilder builder, InputHash hash,
        Dictionary<int, string> groups, Dictionary<int, ItemScorer> scorers, Dictionary<int, string> contentHash, CancellationToken ct);

    /// <param name="rows">How the responses are read: the streamed reader by default; the tests and the benchmark hold it
    /// to a plain EF reading of the same rows (tests/ParIndex.Web.Tests/Features/Scoring/ScoringThroughEntities.cs).</param>
    internal static async Task<ScoringInputs> LoadAsync(ParIndexDbContext db, int roundId, ResponseRows? rows, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        var (configuration, version) = await ScoringConfigs.CurrentAsync(db, roundId, ct);
        var types = await db.UnitTypes.AsNoTracking().Where(t => t.RoundId == roundId).ToDictionaryAsync(t => t.Id, t => t.Code, ct);
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name, u.UnitTypeId }).ToListAsync(ct);
        var scoringUnits = units.Select(u => new ScoringUnit(u.Id, u.Code, u.Name, types[u.UnitTypeId])).ToList();
        var unitCode = units.ToDictionary(u => u.Id, u => u.Code);
        var criteria = (await db.Criteria.AsNoTracking().Where(c => c.RoundId == roundId).OrderBy(c => c.UnitTypeId).ThenBy(c => c.SortOrder).ToListAsync(ct))
            .Select(c => new ScoringCriterion(types[c.UnitTypeId], c.Code, c.Name, c.MaxPoints, c.Component)).ToList();
        var appraisals = (await db.AppraisedScores.AsNoTracking().Where(a => a.RoundId == roundId).ToListAsync(ct))
            .Where(a => unitCode.ContainsKey(a.UnitId))
            .Select(a => new AppraisalScore(unitCode[a.UnitId], a.CriterionCode, a.AppraisalRound, a.Points))
            .OrderBy(a => a.UnitCode, StringComparer.Ordinal).ThenBy(a => a.CriterionCode, StringComparer.Ordinal).ThenBy(a => a.AppraisalRound).ToList();
        // The council-approved self-assessment appraisal of the year (#11), per unit: lines with points (penalties negative).
        var approvedLines = (await AppraisedScores.ForRound(db, roundId, PeriodKind.Year, ct)).Where(a => a.Points is not null).ToList();
        var approved = approvedLines.GroupBy(a => a.UnitCode, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => new UnitAppraisal(g.Key, g.ToDictionary(a => a.Code, a => a.Points!.Value, StringComparer.Ordinal), Math.Max(0m, g.Sum(a => a.Points!.Value))), StringComparer.Ordinal);
        var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).ToDictionaryAsync(g => g.Id, g => g.Code, ct);
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Questionnaire!.RoundId == roundId)
            .Select(v => new { v.Id, v.DefinitionJson, v.ContentHash, Group = v.Questionnaire!.RespondentGroup!.Code }).ToListAsync(ct);
        var definitions = versions.ToDictionary(v => v.Id, v => QuestionnaireSerializer.FromJson(v.DefinitionJson));
        // One scorer and one reusable answer row per questionnaire version: answers are scored straight from the JSON, each
        // item into its own target and the targets the configuration maps it to for the version's respondent group.
        var itemScorers = versions.ToDictionary(v => v.Id, v => new ItemScorer(definitions[v.Id], configuration, v.Group));
        var contentHash = versions.ToDictionary(v => v.Id, v => v.ContentHash ?? v.DefinitionJson);

        using var hash = new InputHash();
        hash.Add(ScoringResult.EngineVersion).Add(configuration.ToJson()).Add(round.SurveyPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var c in criteria) hash.Add(c.UnitType).Add(c.Code).Add(c.MaxPoints.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add((long)c.Component);
        foreach (var a in appraisals) hash.Add(a.UnitCode).Add(a.CriterionCode).Add(a.AppraisalRound).Add(a.Points.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var u in scoringUnits) hash.Add(u.Id).Add(u.Code).Add(u.UnitType);
        // Which source each unit's appraisal comes from, and the approved points themselves, are inputs too.
        hash.Add("appraisal-sources");
        foreach (var u in scoringUnits)
        {
            var source = approved.ContainsKey(u.Code) && !(configuration.PreferImportedAppraisal && appraisals.Any(a => a.UnitCode == u.Code)) ? AppraisalSource.SelfAssessment
                : appraisals.Any(a => a.UnitCode == u.Code) ? AppraisalSource.File : "none";
            hash.Add(u.Code).Add(source);
        }
        foreach (var a in approvedLines)
            hash.Add(a.UnitCode).Add(a.Code).Add((long)a.Kind).Add(a.Points!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add(a.AssessmentId ?? -1)
                .Add(a.ApprovedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "");

        var builder = new ScoringDataBuilder(scoringUnits, configuration);
        // Matrix designs: the units each sample member was assigned, with π_{u|i} (docs/methodology.md § 12); inputs too.
        var assignments = await db.UnitAssignments.AsNoTracking().Where(a => a.RoundId == roundId)
            .Join(db.Respondents, a => a.RespondentId, m => m.Id, (a, m) => new { m.Code, a.UnitId, a.Probability }).ToListAsync(ct);
        hash.Add("assignments");
        foreach (var a in assignments.OrderBy(a => a.Code, StringComparer.Ordinal).ThenBy(a => a.UnitId))
        {
            builder.Assign(a.Code, a.UnitId, a.Probability);
            hash.Add(a.Code).Add(a.UnitId).Add(a.Probability);
        }
        // Names of the SIPAS breakdown figures ("field:health" → the questionnaires' label of that answer), newest version first.
        foreach (var b in configuration.SipasBreakdowns)
            foreach (var definition in versions.OrderByDescending(v => v.Id).Select(v => definitions[v.Id]))
                if (definition.AllItems().Select(p => p.Item).FirstOrDefault(i => i.Id == b.Item) is { ChoiceList: { } list } && definition.ChoiceLists.TryGetValue(list, out var choices))
                    foreach (var choice in choices) builder.Label(b.FigureCode(choice.Code), choice.Label.Get("vi"));
        var count = await (rows ?? AddStreamedAsync)(db, roundId, builder, hash, groups, itemScorers, contentHash, ct);
        var warnings = builder.UnassignedRows > 0
            ? new[] { $"{builder.UnassignedRows} lượt đánh giá đơn vị không được phân công theo thiết kế ma trận; không được tính cho đơn vị nào." }
            : [];
        return new ScoringInputs(round, configuration, version, builder.Build(), criteria, appraisals, approved, count, hash.Finish()) { Warnings = warnings };
    }

    /// <summary>
    /// The counted responses read as one ordered stream (<see cref="ResponseStream"/>) on a background thread that also feeds
    /// the input hash, while this thread turns each batch's answers JSON into scores on all cores and a third task adds the
    /// previous batch's rows to the builder in response order — the same rows in the same order, so the same figures and hash, as
    /// a plain EF reading (the tests' reference).
    /// </summary>
    private static async Task<int> AddStreamedAsync(ParIndexDbContext db, int roundId, ScoringDataBuilder builder, InputHash hash,
        Dictionary<int, string> groups, Dictionary<int, ItemScorer> scorers, Dictionary<int, string> contentHash, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var open = connection.State == System.Data.ConnectionState.Open;
        if (!open) await db.Database.OpenConnectionAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.CompletedTask;
        try
        {
            (var batches, reading) = ResponseStream.Start(db, roundId, r =>
            {
                var group = groups[r.GroupId];
                r.Key = r.Code ?? $"response:{r.Id}";
                r.DesignStratum = r.Code is null ? $"public:{group}" : r.Stratum;
                hash.Add(r.Id).Add(r.Revision).Add(group).Add(r.UnitId ?? -1).Add(contentHash[r.VersionId])
                    .Add(r.Key).Add(r.DesignStratum).Add(r.Psu).Add(r.Weight).Add(r.Fpc1 ?? -1);
                foreach (var (_, rated, json) in r.Sets) hash.Add(rated ?? -1).AddUtf8(json);
            }, stop.Token);
            var width = scorers.Values.Select(s => s.Items.Count()).DefaultIfEmpty(0).Max();
            var attributeWidth = scorers.Values.Select(s => s.AttributeItems.Count).DefaultIfEmpty(0).Max();
            var readers = new System.Collections.Concurrent.ConcurrentBag<Dictionary<int, AnswerRow>>();
            // Two buffers: batch N's rows are added to the builder (one thread, in order) while batch N+1 is parsed.
            var buffers = new[]
            {
                (Rows: new List<(StreamedResponse Response, int Unit)>(), Scores: Array.Empty<double>(), Attributes: Array.Empty<string?>()),
                (Rows: new List<(StreamedResponse Response, int Unit)>(), Scores: Array.Empty<double>(), Attributes: Array.Empty<string?>()),
            };
            var adding = Task.CompletedTask;
            var count = 0;
            var turn = 0;
            try
            {
                await foreach (var batch in batches.ReadAllAsync(ct))
                {
                    var (rows, scores, attributes) = buffers[turn];
                    // The rated units of each response in order of first appearance; a unit's answer sets merge (the first set
                    // answering an item wins). A response with no rated unit still belongs to the design (unit -1).
                    rows.Clear();
                    foreach (var r in batch)
                    {
                        var first = rows.Count;
                        foreach (var (_, rated, _) in r.Sets)
                        {
                            var unit = rated ?? r.UnitId ?? -1;
                            if (unit < 0) continue;
                            var seen = false;
                            for (var k = first; k < rows.Count && !seen; k++) seen = rows[k].Unit == unit;
                            if (!seen) rows.Add((r, unit));
                        }
                        if (rows.Count == first) rows.Add((r, -1));
                    }
                    if (scores.Length < rows.Count * width) buffers[turn].Scores = scores = new double[rows.Count * width];
                    if (attributes.Length < rows.Count * attributeWidth) buffers[turn].Attributes = attributes = new string?[rows.Count * attributeWidth];
                    Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, rows.Count, 256), new ParallelOptions { CancellationToken = ct }, range =>
                    {
                        if (!readers.TryTake(out var mine)) mine = [];
                        for (var k = range.Item1; k < range.Item2; k++)
                        {
                            var (r, unit) = rows[k];
                            if (unit < 0) continue;
                            if (!mine.TryGetValue(r.VersionId, out var row)) mine[r.VersionId] = row = scorers[r.VersionId].NewRow();
                            row.Clear();
                            foreach (var (_, rated, json) in r.Sets)
                                if ((rated ?? r.UnitId ?? -1) == unit) row.Add(json);
                            row.CopyScores(scores.AsSpan(k * width, width));
                            row.CopyAttributes(attributes.AsSpan(k * attributeWidth, attributeWidth));
                        }
                        readers.Add(mine);
                    });
                    await adding;
                    adding = Task.Run(() =>
                    {
                        for (var k = 0; k < rows.Count; k++)
                        {
                            var (r, unit) = rows[k];
                            var group = groups[r.GroupId];
                            if (unit < 0) builder.Add(group, null, r.DesignStratum, r.Psu, r.Key, r.Weight, r.Fpc1, []);
                            else builder.Add(group, unit, r.DesignStratum, r.Psu, r.Key, r.Weight, r.Fpc1, scorers[r.VersionId], scores.AsSpan(k * width, width),
                                attributes.AsSpan(k * attributeWidth, attributeWidth));
                        }
                    }, CancellationToken.None);
                    count += batch.Count;
                    turn = 1 - turn;
                }
            }
            finally
            {
                await adding;
            }
            return count;
        }
        finally
        {
            // On an early exit (a bad answers JSON, cancellation) the reading thread stops before the connection closes.
            await stop.CancelAsync();
            try { await reading; } catch (OperationCanceledException) { }
            if (!open) await db.Database.CloseConnectionAsync();
        }
    }
}
