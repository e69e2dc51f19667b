using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ParIndex.Core.Sampling;

/// <summary>
/// A sampling design as written in <c>sampling/&lt;design&gt;.yaml</c> (format in docs/sampling.md § Design file).
/// Property names are camelCase in YAML.
/// </summary>
public sealed class SampleDesign
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>Respondent groups this design draws from; other rows of the frame are ignored. Empty = all rows.</summary>
    public List<string> Groups { get; set; } = [];
    /// <summary>Known unit codes, used to validate the frame. Empty = no check.</summary>
    public List<string> Units { get; set; } = [];
    /// <summary>Path of a catalogue file (units and groups, code → name), relative to the design file.</summary>
    public string? Catalogue { get; set; }
    /// <summary>Stratification columns: "group", "unit", or a frame column name. Empty = one stratum.</summary>
    public List<string> Strata { get; set; } = [];
    /// <summary>Selection stages, first to last; at least one.</summary>
    public List<StageDesign> Stages { get; set; } = [];
    /// <summary>How the first stage's sample size is spread over strata; null = <see cref="StageDesign.Count"/> in every stratum.</summary>
    public AllocationDesign? Allocation { get; set; }
    public ReserveDesign Reserve { get; set; } = new();
    /// <summary>Default seed; the CLI's --seed overrides it.</summary>
    public int? Seed { get; set; }
    /// <summary>
    /// Matrix sampling of groups that rate many units: each member rates only <see cref="MatrixDesign.UnitsPerMember"/> of
    /// them (<see cref="MatrixAssignment"/>); null = every member rates every unit of the type.
    /// </summary>
    public MatrixDesign? Matrix { get; set; }

    public static SampleDesign FromYaml(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var design = deserializer.Deserialize<SampleDesign>(yaml) ?? throw new FormatException("The design file is empty.");
        design.Validate();
        return design;
    }

    public static SampleDesign Load(string path) => FromYaml(File.ReadAllText(path));

    /// <summary>The design as a design file (camelCase YAML, nulls left out): what a stored draw keeps as its parameters.</summary>
    public string ToYaml() => new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections).Build().Serialize(this);

    /// <summary>Loads the design's catalogue (null when it names none), resolving the path against the design file's folder.</summary>
    public SampleCatalogue? LoadCatalogue(string designPath) =>
        Catalogue is null ? null : SampleCatalogue.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(designPath)) ?? ".", Catalogue));

    /// <summary>Strata columns that are not frame fields (group, unit, clusters…): the frame must have them.</summary>
    [YamlIgnore] public IReadOnlyList<string> FrameStrataColumns => Strata.Where(c => FrameColumns.Match(c) is null).ToList();

    /// <summary>True when any stage selects with πps on the frame's size column.</summary>
    [YamlIgnore] public bool NeedsSizeMeasure => Stages.Any(s => s.SelectionMethod.UsesSize() && (s.Cluster is null || s.SizeFrom == ClusterSize.SumOfSizes));

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new FormatException("The design needs a name.");
        if (Stages.Count is 0 or > 3) throw new FormatException("A design has 1 to 3 stages.");
        for (var i = 0; i < Stages.Count; i++)
        {
            var s = Stages[i];
            _ = s.SelectionMethod;
            if (s.Cluster is not null && s.ClusterLevel is < 1 or > 3) throw new FormatException($"Stage {i + 1}: cluster must be cluster1, cluster2 or cluster3.");
            if (s.Cluster is null && i < Stages.Count - 1) throw new FormatException($"Stage {i + 1} selects elements; only the last stage may.");
            if (i > 0 && s.Cluster is not null && s.ClusterLevel <= Stages[i - 1].ClusterLevel) throw new FormatException($"Stage {i + 1}: cluster level must be below the previous stage's.");
            if (s.SelectionMethod != SelectionMethod.Census && s.Count is null && !(i == 0 && Allocation is not null))
                throw new FormatException($"Stage {i + 1}: 'count' is required for method {s.Method}.");
            if (s.Count is < 0) throw new FormatException($"Stage {i + 1}: count must be ≥ 0.");
        }
        if (Allocation is not null)
        {
            if (Allocation.Formula is null && Allocation.Total is null) throw new FormatException("allocation: give 'total' or 'formula'.");
            if (Allocation.Formula is null) _ = Sampling.Allocation.ParseMethod(Allocation.Method);
        }
        if (Reserve.Ratio is < 0) throw new FormatException("reserve.ratio must be ≥ 0.");
        if (Matrix is { UnitsPerMember: < 1 }) throw new FormatException("matrix.unitsPerMember must be at least 1.");
        if (Matrix is { Seed: < 0 }) throw new FormatException("matrix.seed must be ≥ 0.");
    }
}

/// <summary>How a cluster's size is measured for πps at a cluster stage.</summary>
public enum ClusterSize { ElementCount, SumOfSizes }

public sealed class StageDesign
{
    public string? Name { get; set; }
    /// <summary>cluster1, cluster2 or cluster3; null = the stage selects frame rows (elements).</summary>
    public string? Cluster { get; set; }
    public string Method { get; set; } = "srs";
    /// <summary>For clusters selected by πps: "count" (rows in the cluster, default) or "size" (sum of the size column).</summary>
    public string Size { get; set; } = "count";
    /// <summary>Units to select per stratum (stage 1) or per selected parent cluster (later stages); capped at the units available.</summary>
    public int? Count { get; set; }

    [YamlIgnore] public SelectionMethod SelectionMethod => SelectionMethodExtensions.Parse(Method);
    [YamlIgnore] public int ClusterLevel => Cluster is null ? 4 : Cluster.Trim().ToLowerInvariant() switch
    {
        "cluster1" => 1, "cluster2" => 2, "cluster3" => 3, _ => -1,
    };
    [YamlIgnore] public ClusterSize SizeFrom => Size.Trim().ToLowerInvariant() switch
    {
        "count" => ClusterSize.ElementCount,
        "size" or "sum" => ClusterSize.SumOfSizes,
        _ => throw new FormatException($"Stage size must be 'count' or 'size', not '{Size}'."),
    };
}

public sealed class AllocationDesign
{
    /// <summary>equal, proportional, neyman or optimal.</summary>
    public string Method { get; set; } = "proportional";
    /// <summary>Total first-stage units over all strata.</summary>
    public int? Total { get; set; }
    public int Minimum { get; set; }
    /// <summary>S_h per stratum key (neyman, optimal).</summary>
    public Dictionary<string, double> StdDev { get; set; } = [];
    /// <summary>c_h per stratum key (optimal); missing = 1.</summary>
    public Dictionary<string, double> Cost { get; set; } = [];
    /// <summary>Instead of a total: each stratum's size from a formula with its own N_h (per unit × group).</summary>
    public SizeFormulaDesign? Formula { get; set; }
}

public sealed class SizeFormulaDesign
{
    /// <summary>yamane, cochran-proportion or cochran-mean.</summary>
    public string Name { get; set; } = "cochran-proportion";
    public double Margin { get; set; } = 0.05;
    public double Confidence { get; set; } = 0.95;
    public double Proportion { get; set; } = 0.5;
    public double StdDev { get; set; }
    public double DesignEffect { get; set; } = 1;
    public double ResponseRate { get; set; } = 1;

    public SampleSizeSpec ToSpec(int populationSize) => new(ParseFormula(Name), populationSize, Margin, Confidence, Proportion, StdDev, DesignEffect, ResponseRate);

    public static SampleSizeFormula ParseFormula(string name) => name.Trim().ToLowerInvariant() switch
    {
        "yamane" => SampleSizeFormula.Yamane,
        "cochran-proportion" or "cochran" or "proportion" => SampleSizeFormula.CochranProportion,
        "cochran-mean" or "mean" => SampleSizeFormula.CochranMean,
        _ => throw new FormatException($"Unknown size formula '{name}'. Use yamane, cochran-proportion or cochran-mean."),
    };
}

/// <summary>The matrix option of a design (docs/sampling.md § 7, docs/methodology.md § 12).</summary>
public sealed class MatrixDesign
{
    /// <summary>m: units each member of a group that rates many units is given to rate.</summary>
    public int UnitsPerMember { get; set; }

    /// <summary>Seed of the assignment; null = the draw's seed.</summary>
    public int? Seed { get; set; }
}

public sealed class ReserveDesign
{
    /// <summary>Reserve size per pool = ⌈ratio × n⌉; null = every non-selected unit of the pool, in random order.</summary>
    public double? Ratio { get; set; } = 1;
}

/// <summary>Known unit and group codes (code → name), e.g. sampling/catalogue.yaml.</summary>
public sealed class SampleCatalogue
{
    public Dictionary<string, string> Units { get; set; } = [];
    public Dictionary<string, string> Groups { get; set; } = [];
    /// <summary>Groups whose members rate every unit of a type (council delegates, directors): their unit may be empty.</summary>
    public List<string> RatesManyUnits { get; set; } = [];

    public static SampleCatalogue Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return deserializer.Deserialize<SampleCatalogue>(File.ReadAllText(path)) ?? new SampleCatalogue();
    }
}
