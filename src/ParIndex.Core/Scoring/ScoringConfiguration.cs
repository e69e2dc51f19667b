using System.Text.Json;
using System.Text.Json.Serialization;
using ParIndex.Core.Estimation;

namespace ParIndex.Core.Scoring;

/// <summary>How the SIPAS index of a unit is aggregated from its items.</summary>
public enum SipasAggregation
{
    /// <summary>Mean of the element indices (as published nationally): every element counts equally.</summary>
    ElementMean,
    /// <summary>Share of satisfied answers pooled over all items of the index elements (ratio estimator): elements with more items count more.</summary>
    ItemWeighted,
}

/// <summary>
/// Every configurable number of a round's scoring that does not live on the criteria tree: respondent groups'
/// weights, the "satisfied" threshold, the SIPAS aggregation, the anonymity threshold k, the confidence level and
/// the rank simulation. Stored as versioned JSON per round; a score run records the version it used.
/// </summary>
public sealed record ScoringConfiguration
{
    /// <summary>Relative weight of each respondent group (by code) when groups are combined into survey points; a group not listed weighs 1.</summary>
    public Dictionary<string, double> GroupWeights { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Lowest answer counted as satisfied on top-box items; null keeps each item's own rule (4 on 1–5, 3 on 1–4).</summary>
    public double? SatisfiedThreshold { get; init; }

    /// <summary>How a unit's SIPAS index is formed from its elements.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public SipasAggregation SipasAggregation { get; init; } = SipasAggregation.ElementMean;

    /// <summary>The SIPAS elements of the index (default: the five public-service elements).</summary>
    public List<string> SipasIndexElements { get; init; } = ["access", "procedure", "civil_servant", "result", "feedback"];

    /// <summary>The floor of the anonymity threshold k: no configuration publishes a figure from fewer respondents.</summary>
    public const int MinimumCellSize = 5;

    /// <summary>
    /// Anonymity threshold k: no figure (cell, unit, field, index, unit type) rests on fewer respondents, and a cell under k
    /// enters no other figure. Configurable upward only (<see cref="MinimumCellSize"/>–100).
    /// </summary>
    public int MinCellSize { get; init; } = MinimumCellSize;

    /// <summary>The k the engine applies: <see cref="MinCellSize"/>, never below <see cref="MinimumCellSize"/> (a stored older configuration may hold less).</summary>
    [JsonIgnore]
    public int EffectiveMinCellSize => Math.Max(MinimumCellSize, MinCellSize);

    /// <summary>Confidence level of every interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Draws of the rank simulation (0 = no rank intervals).</summary>
    public int RankDraws { get; init; } = 2000;

    /// <summary>Seed of the rank simulation, so a run is reproducible.</summary>
    public int Seed { get; init; } = 20260101;

    /// <summary>
    /// When true, a unit's appraisal imported from a file replaces its approved self-assessment appraisal (an override);
    /// by default the approved self-assessment is used and the file only fills in units without one.
    /// </summary>
    public bool PreferImportedAppraisal { get; init; }

    /// <summary>Lonely-PSU rule of the variance estimator (R's <c>survey.lonely.psu</c>).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Adjust;

    public double GroupWeight(string group) => GroupWeights.TryGetValue(group, out var w) ? w : 1.0;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Canonical JSON (group weights sorted by code), the form that is stored and hashed.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { GroupWeights = new(GroupWeights.OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal) }, Options);

    public static ScoringConfiguration FromJson(string json) =>
        JsonSerializer.Deserialize<ScoringConfiguration>(json, Options) ?? throw new FormatException("Empty scoring configuration.");

    /// <summary>Problems with the configuration in Vietnamese; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (g, w) in GroupWeights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) errors.Add($"Trọng số của nhóm {g} phải là số không âm.");
        }
        if (SatisfiedThreshold is { } t && !(t >= 1 && t <= 5)) errors.Add("Ngưỡng hài lòng phải trong khoảng 1–5.");
        if (MinCellSize is < MinimumCellSize or > 100) errors.Add($"Ngưỡng ẩn danh k phải từ {MinimumCellSize} đến 100 (không công bố số liệu nào từ dưới {MinimumCellSize} người trả lời).");
        if (!(ConfidenceLevel > 0.5 && ConfidenceLevel < 1)) errors.Add("Mức tin cậy phải trong khoảng (0,5; 1).");
        if (RankDraws is < 0 or > 100_000) errors.Add("Số lần mô phỏng thứ hạng phải từ 0 đến 100.000.");
        if (SipasIndexElements.Count == 0) errors.Add("Chỉ số SIPAS cần ít nhất một yếu tố.");
        return errors;
    }
}
