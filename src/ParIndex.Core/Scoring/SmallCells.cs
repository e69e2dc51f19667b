namespace ParIndex.Core.Scoring;

/// <summary>
/// The anonymity rule of every published figure, in one place: a figure is published only when it rests on at least k
/// respondents (<see cref="ScoringConfiguration.EffectiveMinCellSize"/>, never fewer than
/// <see cref="ScoringConfiguration.MinimumCellSize"/>), and the answers of a unit × respondent group × target cell under k
/// enter no other figure (docs/methodology.md § 11, "Anonymity").
/// </summary>
public static class SmallCells
{
    /// <summary>Whether a figure resting on <paramref name="respondents"/> respondents may be published under threshold <paramref name="k"/>.</summary>
    public static bool Publishes(int respondents, int k) => respondents >= Math.Max(ScoringConfiguration.MinimumCellSize, k);

    /// <summary>
    /// Complementary withholding: a published figure over a set of persons (the <paramref name="container"/>: a unit's
    /// SIPAS) next to published figures over parts of it (its SIPAS per service field) reveals, by difference, the persons in
    /// no published part. When they are 1 to k − 1, the smallest published parts are withheld (in order of size, then of
    /// <paramref name="published"/>) until the persons no published part covers are none or at least k. Returns the keys of
    /// the parts to withhold, none when the container is safe as it is.
    /// </summary>
    public static IReadOnlyList<TKey> Complement<TKey>(IReadOnlySet<int> container, IReadOnlyList<(TKey Key, IReadOnlySet<int> Persons)> published, int k)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(published);
        var remaining = published.Select((p, i) => (p.Key, p.Persons, i)).OrderBy(p => p.Persons.Count).ThenBy(p => p.i).ToList();
        var withheld = new List<TKey>();
        while (true)
        {
            var hidden = new HashSet<int>(container);
            foreach (var p in remaining) hidden.ExceptWith(p.Persons);
            if (hidden.Count == 0 || Publishes(hidden.Count, k) || remaining.Count == 0) return withheld;
            withheld.Add(remaining[0].Key);
            remaining.RemoveAt(0);
        }
    }

    /// <summary>The warning a result of an older engine is served with (its figures are withheld).</summary>
    public const string LegacyWarning =
        "Lần tính điểm này được tính bằng phiên bản cũ của động cơ tính điểm, trước quy tắc ẩn danh k = 5 hiện hành; các số liệu được ẩn. Hãy tính điểm lại.";

    /// <summary>
    /// A stored result of an engine before 1.1 (<see cref="ScoringResult.AnonymityVersions"/>), made safe to serve: it may hold figures
    /// built from fewer than k respondents, and which combined figures drew on small cells cannot be told afterwards, so
    /// every survey figure (shares, points, SIPAS, index, rank) is withheld; appraisal points (no respondents) stay.
    /// </summary>
    public static ScoringResult WithholdLegacy(ScoringResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (ScoringResult.AnonymityVersions.Contains(result.Engine)) return result;
        static Estimate W(Estimate e) => (e.Value is not { } v || double.IsNaN(v)) && !e.Suppressed ? Estimate.Missing : Estimate.Withheld;
        static IReadOnlyList<SipasFigure> Sipas(IReadOnlyList<SipasFigure> f) => f.Select(x => x with { Share = W(x.Share) }).ToList();
        return result with
        {
            Units = result.Units.Select(u => u with
            {
                SurveyCriteria = u.SurveyCriteria.Select(c => c with { Share = W(c.Share), Points = W(c.Points) }).ToList(),
                SurveyPoints = W(u.SurveyPoints), Sipas = Sipas(u.Sipas), SipasBreakdowns = Sipas(u.SipasBreakdowns), Index = null, IndexStandardError = null,
                Rank = null, RankLower = null, RankUpper = null, Tied = false,
            }).ToList(),
            Cells = result.Cells.Select(c => c with { Share = W(c.Share) }).ToList(),
            SipasByUnitType = result.SipasByUnitType.ToDictionary(p => p.Key, p => Sipas(p.Value)),
            City = result.City.Select(c => c with { Estimate = W(c.Estimate) }).ToList(),
            TargetChecks = [],
            Warnings = [LegacyWarning, .. result.Warnings],
        };
    }
}
