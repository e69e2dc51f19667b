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

    /// <summary>
    /// What is missing or out of range in the fields (not the YAML), each said as the page labels it, in the request's
    /// language — so a design the page cannot draw is refused with a sentence, never with the validator's exception.
    /// </summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(Yaml)) return problems;
        void Say(string vi, string en) => problems.Add(Infrastructure.Ui.L(vi, en));
        if (string.IsNullOrWhiteSpace(Name)) Say("Hãy đặt tên thiết kế.", "Give the design a name.");
        if (ClusterLevel is "cluster1" or "cluster2" && ElementsPerCluster is not > 0) Say("Hãy nhập số phần tử mỗi cụm (từ 1 trở lên).", "Enter the number of elements per cluster (1 or more).");
        switch (SizeMode)
        {
            case "count" when Count is not >= 0:
                Say("Hãy nhập số lượng mỗi tầng (từ 0 trở lên).", "Enter the number per stratum (0 or more).");
                break;
            case "total":
                if (Total is not >= 0) Say("Hãy nhập tổng cỡ mẫu (từ 0 trở lên).", "Enter the total sample size (0 or more).");
                if (Minimum < 0) Say("Tối thiểu mỗi tầng phải từ 0 trở lên.", "The minimum per stratum must be 0 or more.");
                break;
            case "formula":
                var mean = Formula == "cochran-mean";
                if (!(Margin > 0) || (!mean && Margin >= 1)) Say(mean ? "Sai số e phải lớn hơn 0." : "Sai số e phải lớn hơn 0 và nhỏ hơn 1 (0,05 là ±5 điểm phần trăm).",
                    mean ? "The margin e must be above 0." : "The margin e must be above 0 and below 1 (0.05 is ±5 percentage points).");
                if (Formula != "yamane" && !(Confidence is > 0 and < 1)) Say("Độ tin cậy phải lớn hơn 0 và nhỏ hơn 1 (ví dụ 0,95).", "The confidence must be above 0 and below 1 (e.g. 0.95).");
                if (Formula == "cochran-proportion" && !(Proportion is >= 0 and <= 1)) Say("Tỷ lệ dự kiến p phải từ 0 đến 1 (0,5 là an toàn nhất).", "The expected p must be between 0 and 1 (0.5 is the safe choice).");
                if (mean && !(FormulaStdDev > 0)) Say("Công thức Cochran cho trung bình cần độ lệch chuẩn S lớn hơn 0.", "Cochran for a mean needs a standard deviation S above 0.");
                if (!(DesignEffect >= 1)) Say("Hệ số thiết kế deff phải từ 1 trở lên.", "The design effect deff must be 1 or more.");
                if (!(ResponseRate is > 0 and <= 1)) Say("Tỷ lệ trả lời r phải lớn hơn 0 và không quá 1 (ví dụ 0,8).", "The response rate r must be above 0 and at most 1 (e.g. 0.8).");
                break;
            case "count":
                break;
            default:
                Say("Hãy chọn cách xác định cỡ mẫu.", "Choose how the sample size is set.");
                break;
        }
        if (ReserveRatio is < 0) Say("Tỷ lệ dự phòng phải từ 0 trở lên (0,3 là 30%).", "The reserve ratio must be 0 or more (0.3 is 30%).");
        return problems;
    }

    /// <exception cref="FormatException">The fields or the YAML do not make a valid design (message in English from the design validator).</exception>
    public SampleDesign ToDesign()
    {
        if (!string.IsNullOrWhiteSpace(Yaml)) return SampleDesign.FromYaml(Yaml);
        if (Problems() is { Count: > 0 } problems) throw new Infrastructure.RequestValidationException(new Dictionary<string, string[]> { ["Design"] = [.. problems] });
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
