namespace ParIndex.Core.Sampling;

/// <summary>
/// Synthetic Hanoi-like frames for the demo round, tests and benchmarks (not real people; phone
/// numbers use the unassigned 0999 range and e-mails the reserved example.vn-style domain
/// "example.com"). Unit and group codes are documented in docs/sampling.md § Demo codes.
/// </summary>
public static class DemoFrames
{
    /// <summary>Evaluated units, a subset of the demo round's (Features/Demo/DemoData.cs): Sở (SO-…) and xã/phường (P-… phường, X-… xã), code → name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>
    {
        ["SO-TP"] = "Sở Tư pháp", ["SO-NV"] = "Sở Nội vụ", ["SO-TC"] = "Sở Tài chính", ["SO-XD"] = "Sở Xây dựng", ["SO-YT"] = "Sở Y tế",
        ["P-HOANKIEM"] = "Phường Hoàn Kiếm", ["P-BADINH"] = "Phường Ba Đình", ["P-CAUGIAY"] = "Phường Cầu Giấy",
        ["X-SOCSON"] = "Xã Sóc Sơn", ["X-BAVI"] = "Xã Ba Vì", ["X-DONGANH"] = "Xã Đông Anh",
    };

    /// <summary>Respondent groups of the 2026 plan.</summary>
    public static readonly IReadOnlyDictionary<string, string> Groups = new Dictionary<string, string>
    {
        ["SO-HDND"] = "Đại biểu HĐND Thành phố (đánh giá Sở)",
        ["SO-CTXA"] = "Chủ tịch UBND xã/phường (đánh giá Sở)",
        ["SO-DAN"] = "Người dân, tổ chức, doanh nghiệp (đánh giá Sở)",
        ["XA-HDND"] = "Đại biểu HĐND xã/phường",
        ["XA-GDSO"] = "Giám đốc Sở (đánh giá xã/phường)",
        ["XA-TRUONGTHON"] = "Trưởng thôn, tổ trưởng tổ dân phố",
        ["XA-DAN"] = "Người dân, đại diện hộ kinh doanh (đánh giá xã/phường)",
    };

    /// <summary>Groups whose members rate every unit of a type; their frame rows may leave the unit empty (as sampling/catalogue.yaml's ratesManyUnits).</summary>
    public static readonly IReadOnlyList<string> RatesManyUnits = ["SO-HDND", "SO-CTXA", "XA-GDSO"];

    private static readonly string[] Family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"];
    private static readonly string[] Middle = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Hồng"];
    private static readonly string[] Given = ["An", "Bình", "Cúc", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn"];
    private static readonly string[] Wards = ["P-HOANKIEM", "P-BADINH", "P-CAUGIAY", "X-SOCSON", "X-BAVI", "X-DONGANH"];
    private static readonly string[] Departments = ["SO-TP", "SO-NV", "SO-TC", "SO-XD", "SO-YT"];

    private static string Name(SamplingRandom r) => $"{Family[r.NextInt(Family.Length)]} {Middle[r.NextInt(Middle.Length)]} {Given[r.NextInt(Given.Length)]}";
    private static string Phone(SamplingRandom r) => "0999" + r.NextInt(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Households of the six demo xã/phường (group XA-DAN): cluster1 = xã/phường code, cluster2 =
    /// thôn / tổ dân phố, cluster3 = household id; size = household members (1–7). About 4,000 rows.
    /// </summary>
    public static Frame Citizens(int seed = 2026)
    {
        var r = new SamplingRandom(seed);
        var rows = new List<FrameRecord>();
        foreach (var ward in Wards)
        {
            var urban = ward.StartsWith("P-", StringComparison.Ordinal);
            var villages = 5 + r.NextInt(4);
            for (var v = 1; v <= villages; v++)
            {
                var village = (urban ? "TDP" : "THON") + v.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
                var households = 40 + r.NextInt(140);
                for (var hh = 1; hh <= households; hh++)
                {
                    var id = $"{ward}-{village}-{hh:D3}";
                    rows.Add(new FrameRecord
                    {
                        Id = id, Name = Name(r), Phone = r.NextDouble() < 0.8 ? Phone(r) : null,
                        Address = $"Số {hh}, {(urban ? "tổ dân phố" : "thôn")} {v}, {Units[ward]}",
                        GroupCode = "XA-DAN", UnitCode = ward, Cluster1 = ward, Cluster2 = village, Cluster3 = id,
                        SizeMeasure = 1 + r.NextInt(7),
                        Strata = new Dictionary<string, string> { ["khu vực"] = urban ? "thành thị" : "nông thôn" },
                    });
                }
            }
        }
        return new Frame(rows);
    }

    /// <summary>
    /// Officials: city council delegates (SO-HDND, 95, no unit: they rate every Sở), chairs of xã (SO-CTXA, one per demo xã/phường),
    /// xã council delegates (XA-HDND, 20–35 per xã), directors of Sở (XA-GDSO, one per demo Sở),
    /// village heads (XA-TRUONGTHON, one per thôn/tổ of <see cref="Citizens"/>).
    /// </summary>
    public static Frame Officials(int seed = 2026)
    {
        var r = new SamplingRandom(seed + 1);
        var rows = new List<FrameRecord>();
        FrameRecord Person(string id, string group, string unit, string? c1 = null) => new()
        {
            Id = id, Name = Name(r), Phone = Phone(r), Email = $"{id.ToLowerInvariant()}@example.com", GroupCode = group, UnitCode = unit, Cluster1 = c1,
        };
        for (var i = 1; i <= 95; i++) rows.Add(Person($"HDNDTP-{i:D3}", "SO-HDND", ""));
        foreach (var w in Wards) rows.Add(Person($"CT-{w}", "SO-CTXA", w));
        foreach (var w in Wards)
        {
            var delegates = 20 + r.NextInt(16);
            for (var i = 1; i <= delegates; i++) rows.Add(Person($"HDND-{w}-{i:D2}", "XA-HDND", w));
        }
        foreach (var d in Departments) rows.Add(Person($"GD-{d}", "XA-GDSO", d));
        foreach (var village in Citizens(seed).Records.Select(c => (c.UnitCode, c.Cluster2!)).Distinct())
            rows.Add(Person($"TT-{village.UnitCode}-{village.Item2}", "XA-TRUONGTHON", village.UnitCode, village.UnitCode));
        return new Frame(rows);
    }

    /// <summary>People served at each demo Sở's one-stop counter in the year (SO-DAN), 150–400 per Sở; size = visits.</summary>
    public static Frame ServiceUsers(int seed = 2026)
    {
        var r = new SamplingRandom(seed + 2);
        var rows = new List<FrameRecord>();
        foreach (var d in Departments)
        {
            var n = 150 + r.NextInt(250);
            for (var i = 1; i <= n; i++)
                rows.Add(new FrameRecord
                {
                    Id = $"DV-{d}-{i:D4}", Name = Name(r), Phone = Phone(r), GroupCode = "SO-DAN", UnitCode = d,
                    SizeMeasure = 1 + r.NextInt(5),
                    Strata = new Dictionary<string, string> { ["kênh"] = r.NextDouble() < 0.4 ? "trực tuyến" : "trực tiếp" },
                });
        }
        return new Frame(rows);
    }
}
