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

    /// <summary>
    /// Further targets that items' answers score into (<see cref="TargetMapping"/>): e.g. citizens' SIPAS elements also
    /// scoring PAR sub-criteria. Empty in a stored configuration that names none; <see cref="ScoringDefaults"/> holds the defaults.
    /// </summary>
    public List<TargetMapping> TargetMappings { get; init; } = [];

    /// <summary>Questions whose answers split SIPAS into domains (service field, channel).</summary>
    public List<SipasBreakdown> SipasBreakdowns { get; init; } = [];

    /// <summary>Named groups of breakdown answers scored as one domain (e.g. land, construction and investment).</summary>
    public List<SipasSector> SipasSectors { get; init; } = [];

    /// <summary>Targets the figures are shown against (met / not met / not distinguishable given the interval).</summary>
    public List<IndexTarget> Targets { get; init; } = [];

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
        ValidateModel(errors);
        return errors;
    }

    private static readonly System.Text.RegularExpressions.Regex CodePattern = new("^[A-Za-z0-9_.-]{1,60}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The mappings, breakdowns, sectors and targets: each problem once, in Vietnamese, naming the entry.</summary>
    private void ValidateModel(List<string> errors)
    {
        static bool Code(string? c) => c is not null && CodePattern.IsMatch(c);
        for (var i = 0; i < TargetMappings.Count; i++)
        {
            var m = TargetMappings[i];
            var at = $"Ánh xạ {i + 1} ({m.From})";
            var from = m.From.StartsWith(TargetMapping.ItemPrefix, StringComparison.Ordinal) ? m.From[TargetMapping.ItemPrefix.Length..] : m.From;
            if (!Code(from)) errors.Add($"{at}: nguồn phải là mã mục tiêu (ví dụ access, 3.2) hoặc item:mã câu hỏi.");
            if (m.To.Count == 0) errors.Add($"{at}: cần ít nhất một mục tiêu nhận điểm.");
            foreach (var t in m.To)
            {
                if (!Code(t)) errors.Add($"{at}: mục tiêu \"{t}\" không hợp lệ.");
                else if (t == m.From) errors.Add($"{at}: không ánh xạ một mục tiêu vào chính nó.");
                // The pooled SIPAS index counts each answer once through its questionnaire target; a mapping into an index
                // element would count it again there.
                else if (SipasIndexElements.Contains(t, StringComparer.Ordinal)) errors.Add($"{at}: không ánh xạ vào yếu tố của chỉ số SIPAS ({t}); yếu tố SIPAS lấy từ câu hỏi của phiếu.");
            }
        }
        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in SipasBreakdowns)
        {
            if (!Code(b.Item) || b.Item.Contains(':', StringComparison.Ordinal)) errors.Add($"Phân tổ SIPAS: mã câu hỏi \"{b.Item}\" không hợp lệ.");
            else if (!items.Add(b.Item)) errors.Add($"Phân tổ SIPAS theo câu hỏi {b.Item} bị lặp.");
        }
        if (SipasBreakdowns.Count > 10) errors.Add("Tối đa 10 phân tổ SIPAS.");
        var sectors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in SipasSectors)
        {
            var at = $"Nhóm lĩnh vực {s.Code}";
            if (!Code(s.Code)) errors.Add($"Nhóm lĩnh vực: mã \"{s.Code}\" không hợp lệ.");
            else if (!sectors.Add(s.Code)) errors.Add($"{at}: mã bị lặp.");
            if (!items.Contains(s.Item)) errors.Add($"{at}: câu hỏi {s.Item} không thuộc các phân tổ SIPAS.");
            if (s.Answers.Count == 0 || s.Answers.Any(a => !Code(a))) errors.Add($"{at}: cần ít nhất một mã trả lời hợp lệ.");
        }
        foreach (var t in Targets)
        {
            var at = $"Chỉ tiêu {t.Name ?? t.Figure}";
            var colon = t.Figure.IndexOf(':', StringComparison.Ordinal);
            var known = t.Figure is "index" or "survey_points" or "sipas" or "service" or "policy"
                || Questionnaires.ScoringTargets.SipasElements.Any(e => e.Code == t.Figure)
                || (t.Figure.StartsWith(SipasSector.Prefix, StringComparison.Ordinal) && sectors.Contains(t.Figure[SipasSector.Prefix.Length..]))
                || (colon > 0 && !t.Figure.StartsWith(SipasSector.Prefix, StringComparison.Ordinal) && items.Contains(t.Figure[..colon]) && Code(t.Figure[(colon + 1)..]));
            if (!known) errors.Add($"{at}: số liệu \"{t.Figure}\" không có (index, survey_points, sipas, service, policy, yếu tố SIPAS, câu hỏi phân tổ:mã trả lời, sector:mã nhóm).");
            var max = t.IsPercent ? 100 : 1000;
            if (!double.IsFinite(t.Value) || t.Value < 0 || t.Value > max) errors.Add($"{at}: giá trị phải từ 0 đến {max}{(t.IsPercent ? " (%)" : " điểm")}.");
            if (t.FromYear is { } f && t.ToYear is { } to && to < f) errors.Add($"{at}: năm kết thúc trước năm bắt đầu.");
        }
    }
}
