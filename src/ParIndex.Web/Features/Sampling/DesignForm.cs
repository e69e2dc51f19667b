using System.Globalization;
using ParIndex.Core.Sampling;

namespace ParIndex.Web.Features.Sampling;

/// <summary>
/// The draw page's form: the common designs without writing YAML (one stage, or clusters then elements; sizes per
/// stratum, a total allocated over strata, or a size formula per stratum). A design file pasted in
/// <see cref="Yaml"/> takes precedence over the fields.
/// </summary>
public sealed class DesignForm
{
    public string Name { get; set; } = "mau-" + DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    public List<string> Groups { get; set; } = [];
    /// <summary>Strata columns, comma-separated ("unit", "group", or a frame column); empty = one stratum.</summary>
    public string Strata { get; set; } = "unit";
    public string Method { get; set; } = "srs";
    /// <summary>"count" (n per stratum), "total" (allocated) or "formula" (per stratum from its N).</summary>
    public string SizeMode { get; set; } = "count";
    public int? Count { get; set; } = 10;
    public int? Total { get; set; }
    public string AllocationMethod { get; set; } = "proportional";
    public int Minimum { get; set; }
    /// <summary>S_h per stratum, "SO-TP=0.3; SO-NV=0.28".</summary>
    public string? StdDevs { get; set; }
    public string? Costs { get; set; }
    public string Formula { get; set; } = "cochran-proportion";
    public double Margin { get; set; } = 0.05;
    public double Confidence { get; set; } = 0.95;
    public double Proportion { get; set; } = 0.5;
    public double FormulaStdDev { get; set; }
    public double DesignEffect { get; set; } = 1;
    public double ResponseRate { get; set; } = 1;
    /// <summary>"" (elements only), "cluster1" or "cluster2": a first stage of clusters.</summary>
    public string? ClusterLevel { get; set; }
    public string ClusterMethod { get; set; } = "pps-systematic";
    public int? ElementsPerCluster { get; set; }
    public double? ReserveRatio { get; set; } = 1;
    public int Seed { get; set; } = 20261001;
    /// <summary>Matrix sampling: units each member of a group that rates many units rates; empty = every unit.</summary>
    public int? MatrixUnitsPerMember { get; set; }
    public string? Yaml { get; set; }

    /// <exception cref="FormatException">The fields or the YAML do not make a valid design (message in English from the design validator).</exception>
    public SampleDesign ToDesign()
    {
        if (!string.IsNullOrWhiteSpace(Yaml)) return SampleDesign.FromYaml(Yaml);
        var design = new SampleDesign
        {
            Name = Name.Trim(),
            Groups = Groups.Where(g => !string.IsNullOrWhiteSpace(g)).ToList(),
            Strata = Strata.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Reserve = new ReserveDesign { Ratio = ReserveRatio },
            Seed = Seed,
            Matrix = MatrixUnitsPerMember is { } m ? new MatrixDesign { UnitsPerMember = m } : null,
        };
        var clustered = ClusterLevel is "cluster1" or "cluster2" or "cluster3";
        if (clustered)
        {
            design.Stages.Add(new StageDesign { Cluster = ClusterLevel, Method = ClusterMethod, Count = SizeMode == "count" ? Count : null });
            design.Stages.Add(new StageDesign { Method = Method, Count = ElementsPerCluster ?? throw new FormatException("Give the number of elements per cluster.") });
        }
        else design.Stages.Add(new StageDesign { Method = Method, Count = SizeMode == "count" ? Count : null });
        if (SizeMode == "total")
            design.Allocation = new AllocationDesign
            {
                Method = AllocationMethod, Total = Total ?? throw new FormatException("Give the total sample size."), Minimum = Minimum,
                StdDev = Pairs(StdDevs), Cost = Pairs(Costs),
            };
        else if (SizeMode == "formula")
            design.Allocation = new AllocationDesign
            {
                Formula = new SizeFormulaDesign
                {
                    Name = Formula, Margin = Margin, Confidence = Confidence, Proportion = Proportion, StdDev = FormulaStdDev,
                    DesignEffect = DesignEffect, ResponseRate = ResponseRate,
                },
            };
        design.Validate();
        return design;
    }

    /// <summary>"key=value; key=value" with ',' or '.' as decimal mark.</summary>
    public static Dictionary<string, double> Pairs(string? text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return result;
        foreach (var part in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !double.TryParse(kv[1].Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new FormatException($"'{part}' is not 'stratum=number'.");
            result[kv[0]] = v;
        }
        return result;
    }

    public static readonly (string Value, string Vi)[] Methods =
    [
        ("srs", "Ngẫu nhiên đơn giản không hoàn lại (SRS)"), ("systematic", "Hệ thống (systematic)"),
        ("pps-systematic", "PPS hệ thống (theo quy mô)"), ("pps-brewer", "PPS Brewer không hoàn lại"), ("pps-sampford", "PPS Sampford không hoàn lại"),
        ("census", "Toàn bộ (tổng điều tra)"),
    ];

    public static readonly (string Value, string Vi)[] AllocationMethods =
    [
        ("equal", "Đều nhau"), ("proportional", "Tỷ lệ với N_h"), ("neyman", "Neyman (N_h·S_h)"), ("optimal", "Tối ưu có chi phí (N_h·S_h/√c_h)"),
    ];
}
