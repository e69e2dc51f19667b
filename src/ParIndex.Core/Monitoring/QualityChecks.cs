namespace ParIndex.Core.Monitoring;

public enum QualityFlagKind
{
    /// <summary>Completed much faster than the questionnaire's median.</summary>
    Speeder = 1,
    /// <summary>The same answer to every item of a unit grid block (or identical blocks across units).</summary>
    StraightLining = 2,
    /// <summary>The same (or almost the same) answers as an earlier public-link response.</summary>
    Duplicate = 3,
    /// <summary>Many keyed responses by one field staff member outside working hours in a short time.</summary>
    OutOfHoursBurst = 4,
}

/// <summary>A quality flag on one response: why, and how strong (a ratio, a share or a count).</summary>
public sealed record QualityFinding(long ResponseId, QualityFlagKind Kind, string Detail, double Measure, long? RelatedResponseId = null);

/// <summary>Thresholds of the quality checks; configurable per deployment (Monitoring:Quality).</summary>
public sealed record QualityThresholds
{
    /// <summary>Speeder when duration &lt; this share of the questionnaire's median duration.</summary>
    public double SpeederShare { get; init; } = 0.3;
    /// <summary>Median is trusted from this many completes of the questionnaire on.</summary>
    public int SpeederMinimumCompletes { get; init; } = 10;
    /// <summary>A grid block counts for straight-lining from this many answered scale items.</summary>
    public int StraightLineMinimumItems { get; init; } = 5;
    /// <summary>Two public-link responses are near-duplicates at this share of equal answers (over the union of answered items).</summary>
    public double NearDuplicateSimilarity { get; init; } = 0.95;
    /// <summary>Near-duplicate comparison only from this many answered items (short forms match by chance).</summary>
    public int DuplicateMinimumItems { get; init; } = 10;
    /// <summary>Working day in local time: [start, end) hours.</summary>
    public int WorkdayStartHour { get; init; } = 7;
    public int WorkdayEndHour { get; init; } = 20;
    /// <summary>Burst: at least this many out-of-hours submissions by one staff member within <see cref="BurstWindow"/>.</summary>
    public int BurstMinimumCount { get; init; } = 5;
    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromMinutes(60);
}

/// <summary>A response as the quality checks see it.</summary>
/// <param name="Duration">Submitted − started (or the paradata's active time).</param>
/// <param name="Blocks">Answers per block: key null = respondent-level, else the rated unit's id.</param>
/// <param name="PublicLink">Anonymous public-link response (no sample member).</param>
/// <param name="FieldStaffId">The staff member who keyed it, for keyed (paper/interview) responses.</param>
/// <param name="SubmittedAtLocal">Submission time in the survey's local time zone.</param>
public sealed record ResponseFacts(long ResponseId, int QuestionnaireVersionId, TimeSpan Duration,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, string>> UnitBlocks, IReadOnlyDictionary<string, string> RespondentAnswers,
    bool PublicLink, string? FieldStaffId, DateTime SubmittedAtLocal);

/// <summary>
/// Data-quality checks run as responses arrive. They only flag: a flagged response stays in the data until a
/// supervisor decides, so nothing is dropped silently.
/// </summary>
public static class QualityChecks
{
    /// <summary>Median (the middle value, or the mean of the two middle values) of durations; null when empty.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Select(d => d.Ticks).Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        return TimeSpan.FromTicks(sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    /// <summary>
    /// Speeder: duration / median &lt; <see cref="QualityThresholds.SpeederShare"/>, where the median is over the
    /// completes of the same questionnaire version (<paramref name="completedDurations"/>, the response itself included).
    /// No flag while fewer than <see cref="QualityThresholds.SpeederMinimumCompletes"/> completes exist.
    /// </summary>
    public static QualityFinding? Speeder(ResponseFacts r, IReadOnlyCollection<TimeSpan> completedDurations, QualityThresholds t) =>
        Speeder(r, completedDurations.Count < t.SpeederMinimumCompletes ? null : Median(completedDurations), completedDurations.Count, t);

    /// <summary>
    /// The same check with the median already known (<paramref name="median"/> of <paramref name="completes"/>
    /// durations): a batch of new responses is judged against one median instead of sorting the durations for each.
    /// </summary>
    public static QualityFinding? Speeder(ResponseFacts r, TimeSpan? median, int completes, QualityThresholds t)
    {
        if (completes < t.SpeederMinimumCompletes || median is not { } m || m <= TimeSpan.Zero) return null;
        var ratio = r.Duration / m;
        return ratio < t.SpeederShare
            ? new QualityFinding(r.ResponseId, QualityFlagKind.Speeder, $"{r.Duration.TotalSeconds:0} s vs median {m.TotalSeconds:0} s ({ratio:P0})", ratio)
            : null;
    }

    /// <summary>
    /// Straight-lining: a unit block whose numeric (scale) answers — at least <see cref="QualityThresholds.StraightLineMinimumItems"/>
    /// of them — are all equal; or, with three or more units rated, every unit block answered identically. Measure = share
    /// of straight-lined blocks. "Don't know" (99) and text answers are ignored.
    /// </summary>
    public static QualityFinding? StraightLining(ResponseFacts r, QualityThresholds t)
    {
        var blocks = r.UnitBlocks.Values.Select(ScaleAnswers).Where(b => b.Count >= t.StraightLineMinimumItems).ToList();
        if (blocks.Count == 0) return null;
        var flat = blocks.Count(b => b.Values.Distinct().Count() == 1);
        var identical = blocks.Count >= 3 && blocks.Skip(1).All(b => SameAnswers(b, blocks[0]));
        if (flat == 0 && !identical) return null;
        var detail = identical && flat < blocks.Count
            ? $"{blocks.Count} units answered identically"
            : $"{flat} of {blocks.Count} unit blocks with one answer throughout";
        return new QualityFinding(r.ResponseId, QualityFlagKind.StraightLining, detail, identical ? 1 : (double)flat / blocks.Count);
    }

    /// <summary>
    /// Similarity of two responses' answers: equal answers / items answered in either (Jaccard over (item, value) pairs
    /// keyed by item). 1 = the same answers.
    /// </summary>
    public static double Similarity(ResponseFacts a, ResponseFacts b)
    {
        var x = Flatten(a);
        var y = Flatten(b);
        var union = x.Keys.Union(y.Keys).Count();
        if (union == 0) return 0;
        var equal = x.Count(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
        return (double)equal / union;
    }

    /// <summary>
    /// Duplicates among public-link responses: <paramref name="r"/> against earlier responses of the same questionnaire
    /// version; the most similar at or above <see cref="QualityThresholds.NearDuplicateSimilarity"/> is reported.
    /// </summary>
    public static QualityFinding? Duplicate(ResponseFacts r, IEnumerable<ResponseFacts> earlier, QualityThresholds t)
    {
        if (!r.PublicLink || Flatten(r).Count < t.DuplicateMinimumItems) return null;
        var best = earlier.Where(e => e.PublicLink && e.ResponseId != r.ResponseId && e.QuestionnaireVersionId == r.QuestionnaireVersionId)
            .Select(e => (e.ResponseId, Similarity: Similarity(r, e))).OrderByDescending(p => p.Similarity).FirstOrDefault();
        if (best.ResponseId == 0 || best.Similarity < t.NearDuplicateSimilarity) return null;
        var detail = best.Similarity >= 1 ? $"same answers as response {best.ResponseId}" : $"{best.Similarity:P0} equal to response {best.ResponseId}";
        return new QualityFinding(r.ResponseId, QualityFlagKind.Duplicate, detail, best.Similarity, best.ResponseId);
    }

    /// <summary>
    /// Out-of-hours bursts: per field staff member, submissions outside [WorkdayStartHour, WorkdayEndHour) local time,
    /// grouped in sliding windows of <see cref="QualityThresholds.BurstWindow"/>; every response of a window holding at
    /// least <see cref="QualityThresholds.BurstMinimumCount"/> of them is flagged (measure = the window's count).
    /// </summary>
    public static IReadOnlyList<QualityFinding> OutOfHoursBursts(IEnumerable<ResponseFacts> responses, QualityThresholds t)
    {
        var findings = new Dictionary<long, QualityFinding>();
        foreach (var staff in responses.Where(r => r.FieldStaffId is not null && IsOutOfHours(r.SubmittedAtLocal, t)).GroupBy(r => r.FieldStaffId!))
        {
            var list = staff.OrderBy(r => r.SubmittedAtLocal).ToList();
            var start = 0;
            for (var end = 0; end < list.Count; end++)
            {
                while (list[end].SubmittedAtLocal - list[start].SubmittedAtLocal > t.BurstWindow) start++;
                var count = end - start + 1;
                if (count < t.BurstMinimumCount) continue;
                for (var k = start; k <= end; k++)
                {
                    if (findings.TryGetValue(list[k].ResponseId, out var f) && f.Measure >= count) continue;
                    findings[list[k].ResponseId] = new QualityFinding(list[k].ResponseId, QualityFlagKind.OutOfHoursBurst,
                        $"{count} keyed by {staff.Key} within {t.BurstWindow.TotalMinutes:0} min outside {t.WorkdayStartHour}:00–{t.WorkdayEndHour}:00", count);
                }
            }
        }
        return findings.Values.OrderBy(f => f.ResponseId).ToList();
    }

    public static bool IsOutOfHours(DateTime local, QualityThresholds t) =>
        local.Hour < t.WorkdayStartHour || local.Hour >= t.WorkdayEndHour || local.DayOfWeek == DayOfWeek.Sunday;

    private static Dictionary<string, double> ScaleAnswers(IReadOnlyDictionary<string, string> block)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (item, value) in block)
            if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && x != 99 && x is >= 0 and <= 10)
                result[item] = x;
        return result;
    }

    private static bool SameAnswers(Dictionary<string, double> a, Dictionary<string, double> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static Dictionary<string, string> Flatten(ResponseFacts r)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in r.RespondentAnswers) if (!string.IsNullOrWhiteSpace(v)) all[k] = v;
        foreach (var (unit, block) in r.UnitBlocks)
            foreach (var (k, v) in block) if (!string.IsNullOrWhiteSpace(v)) all[$"{unit}/{k}"] = v;
        return all;
    }
}
