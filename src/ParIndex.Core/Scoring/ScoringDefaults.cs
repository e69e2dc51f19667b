namespace ParIndex.Core.Scoring;

/// <summary>
/// The defaults a round's scoring configuration starts from before anyone saves one (version 0), each with the document
/// and section it follows or "configurable default". The seeds are the plans in <c>../shared/seeds/</c>:
/// KH 2026 = plan to determine the 2026 PAR index of Sở and xã/phường (seeds/000); KH nâng cao 2026 = plan to raise
/// PAR INDEX and SIPAS in 2026 (seeds/001); KH CCHC 2026–2030 = Hanoi's administrative reform plan 2026–2030 (seeds/004).
/// A stored configuration holds exactly what was saved: these defaults never change a stored version.
/// </summary>
public static class ScoringDefaults
{
    private const string RespondentsKh2026 =
        "KH 2026 (seeds/000) §II.2.1: người dân/đại diện tổ chức, doanh nghiệp (Sở) và người dân/đại diện tổ chức, hộ kinh doanh " +
        "(xã, phường) là đối tượng ĐTXHH xác định Chỉ số CCHC; tiêu chí thành phần nhận điểm là cấu hình mặc định " +
        "(tiêu chí ĐTXHH của QĐ 5666/QĐ-UBND không có trong tài liệu nguồn)";

    /// <summary>
    /// Citizens count toward the PAR survey points (issue 21 item 1): the SIPAS service elements of the citizens'
    /// questionnaires also score the sub-criteria of the reform areas they measure — one-stop handling (3.2), publication of
    /// procedures (3.1), handling of feedback (3.4), service spirit of civil servants (5.3), online public services (7.1,
    /// from the online-use item) and consultation on policies (2.1).
    /// </summary>
    public static IReadOnlyList<TargetMapping> TargetMappings { get; } =
    [
        new() { From = "access", To = ["3.2"], Source = RespondentsKh2026 },
        new() { From = "result", To = ["3.2"], Source = RespondentsKh2026 },
        new() { From = "procedure", To = ["3.1"], Source = RespondentsKh2026 },
        new() { From = "feedback", To = ["3.4"], Source = RespondentsKh2026 },
        new() { From = "civil_servant", To = ["5.3"], Source = RespondentsKh2026 },
        new() { From = TargetMapping.ItemPrefix + "acc_online", To = ["7.1"], Source = RespondentsKh2026 },
        new() { From = "policy_participation", To = ["2.1"], Source = RespondentsKh2026 },
    ];

    /// <summary>SIPAS by the service field and by the channel a citizen used: the citizens' forms ask both (items <c>field</c>, <c>channel</c>).</summary>
    public static IReadOnlyList<SipasBreakdown> SipasBreakdowns { get; } =
    [
        new() { Item = "field", Name = "Lĩnh vực thủ tục" },
        new() { Item = "channel", Name = "Hình thức nộp hồ sơ" },
    ];

    private const string Kh2026_2030_2_2 = "KH CCHC 2026–2030 (seeds/004) §I.2.2 (giai đoạn 2028–2030)";
    private const string Kh2026_2030_2_1 = "KH CCHC 2026–2030 (seeds/004) §I.2.1 (giai đoạn 2026–2027)";
    private const string Kh2026Raise = "KH nâng cao PAR INDEX, SIPAS 2026 (seeds/001) §I.3 Chỉ tiêu cụ thể";

    /// <summary>
    /// "lĩnh vực đất đai, xây dựng, đầu tư": the fields land (<c>land</c>), construction (<c>construction</c>) and business and
    /// investment registration (<c>business_reg</c>) of the citizens' forms.
    /// </summary>
    public static IReadOnlyList<SipasSector> SipasSectors { get; } =
    [
        new() { Code = "land-construction-investment", Name = "Đất đai, xây dựng, đầu tư", Item = "field", Answers = ["land", "construction", "business_reg"], Source = Kh2026_2030_2_2 },
    ];

    /// <summary>
    /// The plans' targets with the years they are in force. "khoảng 96,5 điểm" (about 96.5) is read as a floor. The plans set
    /// them for Hanoi's provincial indices (measured by the Ministry of Home Affairs); ParIndex shows its own city-wide and
    /// unit figures against them as a reference.
    /// </summary>
    public static IReadOnlyList<IndexTarget> Targets { get; } =
    [
        new() { Figure = "index", Value = 96.5, FromYear = 2026, ToYear = 2026, Name = "PAR INDEX khoảng 96,5 điểm", Source = Kh2026Raise },
        new() { Figure = "sipas", Value = 87, FromYear = 2026, ToYear = 2026, Name = "SIPAS tối thiểu 87%", Source = Kh2026Raise },
        new() { Figure = "sipas", Value = 89, FromYear = 2026, ToYear = 2027, Name = "SIPAS tối thiểu 89%", Source = Kh2026_2030_2_1 },
        new() { Figure = "channel:online", Value = 95, FromYear = 2026, ToYear = 2027, Name = "95% hài lòng khi sử dụng DVC trực tuyến", Source = Kh2026_2030_2_1 },
        new() { Figure = "field:health", Value = 87, FromYear = 2026, ToYear = 2027, Name = "Y tế tối thiểu 87%", Source = Kh2026_2030_2_1 },
        new() { Figure = "field:education", Value = 87, FromYear = 2026, ToYear = 2027, Name = "Giáo dục tối thiểu 87%", Source = Kh2026_2030_2_1 },
        new() { Figure = "service", Value = 95, FromYear = 2028, ToYear = 2030, Name = "Hài lòng về tiếp nhận, giải quyết TTHC tối thiểu 95%", Source = Kh2026_2030_2_2 },
        new() { Figure = "sector:land-construction-investment", Value = 90, FromYear = 2028, ToYear = 2030, Name = "Đất đai, xây dựng, đầu tư tối thiểu 90%", Source = Kh2026_2030_2_2 },
        new() { Figure = "sipas", Value = 95, FromYear = 2028, ToYear = 2030, Name = "SIPAS tối thiểu 95%", Source = Kh2026_2030_2_2 },
        new() { Figure = "field:health", Value = 90, FromYear = 2028, ToYear = 2030, Name = "Y tế tối thiểu 90%", Source = Kh2026_2030_2_2 },
        new() { Figure = "field:education", Value = 90, FromYear = 2028, ToYear = 2030, Name = "Giáo dục tối thiểu 90%", Source = Kh2026_2030_2_2 },
    ];

    /// <summary><paramref name="configuration"/> with the default mappings, breakdowns, sectors and targets.</summary>
    public static ScoringConfiguration Apply(ScoringConfiguration configuration) => configuration with
    {
        TargetMappings = [.. TargetMappings],
        SipasBreakdowns = [.. SipasBreakdowns],
        SipasSectors = [.. SipasSectors],
        Targets = [.. Targets],
    };
}
