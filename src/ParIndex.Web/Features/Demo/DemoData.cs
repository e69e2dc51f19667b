using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Demo;

/// <summary>
/// The demo round's data: real Hanoi department and ward/commune names (after the 2025 reorganisation), the seven
/// respondent groups of the 2026 plan, and a default criteria tree. The criteria wording and points are a realistic,
/// configurable default built from the plans — not the official text.
/// </summary>
internal static class DemoData
{
    public const string RoundCode = "CCHC-2026";

    public static readonly (string Code, string Name)[] Departments =
    [
        ("SO-NV", "Sở Nội vụ"), ("SO-TP", "Sở Tư pháp"), ("SO-TC", "Sở Tài chính"), ("SO-CT", "Sở Công Thương"),
        ("SO-XD", "Sở Xây dựng"), ("SO-NNMT", "Sở Nông nghiệp và Môi trường"), ("SO-KHCN", "Sở Khoa học và Công nghệ"),
        ("SO-VHTT", "Sở Văn hóa và Thể thao"), ("SO-DL", "Sở Du lịch"), ("SO-YT", "Sở Y tế"), ("SO-GDDT", "Sở Giáo dục và Đào tạo"),
        ("SO-DTTG", "Sở Dân tộc và Tôn giáo"), ("SO-NGV", "Sở Ngoại vụ"), ("SO-QHKT", "Sở Quy hoạch - Kiến trúc"),
        ("SO-TTTP", "Thanh tra Thành phố"), ("SO-VP", "Văn phòng UBND Thành phố"), ("SO-BQLKCN", "Ban Quản lý các khu công nghệ cao và khu công nghiệp Thành phố"),
        ("SO-BQLDT", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng Thành phố"), ("SO-TTPVHCC", "Trung tâm Phục vụ hành chính công Thành phố"),
        ("SO-CA", "Công an Thành phố"),
    ];

    public static readonly (string Code, string Name, string Area)[] Communes =
    [
        ("P-HOANKIEM", "Phường Hoàn Kiếm", "Hoàn Kiếm"), ("P-CUANAM", "Phường Cửa Nam", "Hoàn Kiếm"), ("P-BADINH", "Phường Ba Đình", "Ba Đình"),
        ("P-NGOCHA", "Phường Ngọc Hà", "Ba Đình"), ("P-GIANGVO", "Phường Giảng Võ", "Ba Đình"), ("P-HAIBATRUNG", "Phường Hai Bà Trưng", "Hai Bà Trưng"),
        ("P-VINHTUY", "Phường Vĩnh Tuy", "Hai Bà Trưng"), ("P-BACHMAI", "Phường Bạch Mai", "Hai Bà Trưng"), ("P-DONGDA", "Phường Đống Đa", "Đống Đa"),
        ("P-KIMLIEN", "Phường Kim Liên", "Đống Đa"), ("P-VANMIEU", "Phường Văn Miếu - Quốc Tử Giám", "Đống Đa"), ("P-LANG", "Phường Láng", "Đống Đa"),
        ("P-TAYHO", "Phường Tây Hồ", "Tây Hồ"), ("P-PHUTHUONG", "Phường Phú Thượng", "Tây Hồ"), ("P-CAUGIAY", "Phường Cầu Giấy", "Cầu Giấy"),
        ("P-NGHIADO", "Phường Nghĩa Đô", "Cầu Giấy"), ("P-YENHOA", "Phường Yên Hòa", "Cầu Giấy"), ("P-THANHXUAN", "Phường Thanh Xuân", "Thanh Xuân"),
        ("P-HOANGMAI", "Phường Hoàng Mai", "Hoàng Mai"), ("P-LINHNAM", "Phường Lĩnh Nam", "Hoàng Mai"), ("P-LONGBIEN", "Phường Long Biên", "Long Biên"),
        ("P-BODE", "Phường Bồ Đề", "Long Biên"), ("P-HADONG", "Phường Hà Đông", "Hà Đông"), ("P-TAYMO", "Phường Tây Mỗ", "Nam Từ Liêm"),
        ("X-SOCSON", "Xã Sóc Sơn", "Sóc Sơn"), ("X-DONGANH", "Xã Đông Anh", "Đông Anh"), ("X-GIALAM", "Xã Gia Lâm", "Gia Lâm"),
        ("X-THANHTRI", "Xã Thanh Trì", "Thanh Trì"), ("X-MELINH", "Xã Mê Linh", "Mê Linh"), ("X-BAVI", "Xã Ba Vì", "Ba Vì"),
    ];

    /// <summary>
    /// The seven respondent groups of the 2026 plan; sample sizes are the demo's, not a design — but large enough that
    /// every unit's survey criteria rest on at least k = 5 respondents (department directors rate the communes they dealt
    /// with, about two in five), so every unit is scored and ranked, while some citizen and delegate cells stay under k
    /// and show the anonymity rule at work.
    /// </summary>
    public static readonly (string Code, string Name, string NameEn, string UnitType, bool RatesMany, int PerUnitOrTotal)[] Groups =
    [
        ("SO-HDND", "Đại biểu HĐND Thành phố", "City People's Council delegates", "SO", true, 20),
        ("SO-CTXA", "Chủ tịch UBND xã, phường", "Chairs of commune/ward People's Committees", "SO", true, 30),
        ("SO-DAN", "Người dân, tổ chức, doanh nghiệp (đánh giá Sở)", "Citizens, organisations and businesses (rating departments)", "SO", false, 12),
        ("XA-HDND", "Đại biểu HĐND xã, phường", "Commune/ward People's Council delegates", "XA", false, 3),
        ("XA-GDSO", "Giám đốc các Sở", "Directors of departments", "XA", true, 60),
        ("XA-TRUONGTHON", "Trưởng thôn, tổ trưởng tổ dân phố", "Village and residential-group heads", "XA", false, 3),
        ("XA-DAN", "Người dân, tổ chức, hộ kinh doanh (đánh giá xã, phường)", "Citizens, organisations and household businesses (rating communes/wards)", "XA", false, 12),
    ];

    private static readonly decimal[] AppraisalByArea = [6, 7, 13, 7, 9, 7, 11, 10];
    private static readonly decimal[] SurveyByArea = [3, 3, 6, 3, 5, 2, 4, 4];

    /// <summary>
    /// Default criteria tree (same for Sở and xã/phường), built on the questionnaires' criterion codes
    /// (<see cref="ScoringTargets.Criteria"/>): every criterion "x.y" has an appraised sub-criterion "x.y.1" and a survey
    /// sub-criterion "x.y.2" fed by the questionnaire items that target "x.y". 70 appraisal + 30 survey points.
    /// </summary>
    public static readonly CriterionNode[] Criteria = BuildCriteria();

    private static CriterionNode[] BuildCriteria()
    {
        var nodes = new List<CriterionNode>();
        var areas = ScoringTargets.Criteria.Where(t => !t.Code.Contains('.')).ToList();
        for (var a = 0; a < areas.Count; a++)
        {
            var criteria = ScoringTargets.Criteria.Where(t => t.Code.StartsWith(areas[a].Code + ".", StringComparison.Ordinal)).ToList();
            var appraisal = Split(AppraisalByArea[a], criteria.Count);
            var survey = Split(SurveyByArea[a], criteria.Count);
            nodes.Add(A(areas[a].Code, areas[a].Vi, AppraisalByArea[a] + SurveyByArea[a]));
            for (var c = 0; c < criteria.Count; c++)
            {
                nodes.Add(A(criteria[c].Code, criteria[c].Vi, appraisal[c] + survey[c]));
                nodes.Add(A(criteria[c].Code + ".1", $"{criteria[c].Vi} (tự đánh giá, thẩm định)", appraisal[c]));
                nodes.Add(S(criteria[c].Code + ".2", $"{criteria[c].Vi} (đánh giá qua điều tra XHH)", survey[c]));
            }
        }
        return [.. nodes];
    }

    /// <summary>Splits points into <paramref name="parts"/> shares of two decimals that add up exactly.</summary>
    private static decimal[] Split(decimal total, int parts)
    {
        var share = Math.Floor(total / parts * 100) / 100;
        var result = Enumerable.Repeat(share, parts).ToArray();
        result[0] += total - share * parts;
        return result;
    }

    private static CriterionNode A(string code, string name, decimal points) => new(code, name, null, points, ScoreComponent.Appraisal);

    private static CriterionNode S(string code, string name, decimal points) => new(code, name, null, points, ScoreComponent.Survey);
}
