using ParIndex.Core.Domain;

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

    /// <summary>The seven respondent groups of the 2026 plan; sample sizes are the demo's, not a design.</summary>
    public static readonly (string Code, string Name, string NameEn, string UnitType, bool RatesMany, int PerUnitOrTotal)[] Groups =
    [
        ("SO-HDND", "Đại biểu HĐND Thành phố", "City People's Council delegates", "SO", true, 20),
        ("SO-CTXA", "Chủ tịch UBND xã, phường", "Chairs of commune/ward People's Committees", "SO", true, 30),
        ("SO-DAN", "Người dân, tổ chức, doanh nghiệp (đánh giá Sở)", "Citizens, organisations and businesses (rating departments)", "SO", false, 5),
        ("XA-HDND", "Đại biểu HĐND xã, phường", "Commune/ward People's Council delegates", "XA", false, 3),
        ("XA-GDSO", "Giám đốc các Sở", "Directors of departments", "XA", true, 20),
        ("XA-TRUONGTHON", "Trưởng thôn, tổ trưởng tổ dân phố", "Village and residential-group heads", "XA", false, 3),
        ("XA-DAN", "Người dân, tổ chức, hộ kinh doanh (đánh giá xã, phường)", "Citizens, organisations and household businesses (rating communes/wards)", "XA", false, 6),
    ];

    /// <summary>Default criteria tree (same areas for Sở and xã/phường): 70 appraisal + 30 survey points.</summary>
    public static readonly CriterionNode[] Criteria =
    [
        A("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 9),
        A("1.1", "Kế hoạch cải cách hành chính năm", 2), A("1.2", "Báo cáo cải cách hành chính", 1),
        A("1.3", "Kiểm tra, tuyên truyền cải cách hành chính", 1.5m), A("1.4", "Sáng kiến, giải pháp mới trong cải cách hành chính", 1.5m),
        S("1.5", "Mức độ quyết liệt trong chỉ đạo, điều hành cải cách hành chính (đánh giá qua điều tra XHH)", 3),
        A("2", "Cải cách thể chế", 10),
        A("2.1", "Xây dựng, ban hành văn bản quy phạm pháp luật", 3), A("2.2", "Theo dõi thi hành pháp luật; kiểm tra, rà soát văn bản", 4),
        S("2.3", "Chất lượng, tính khả thi của văn bản, chính sách (đánh giá qua điều tra XHH)", 3),
        A("3", "Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông", 19),
        A("3.1", "Công bố, công khai thủ tục hành chính", 3),
        A("3.2", "Giải quyết hồ sơ thủ tục hành chính đúng hạn", 5),
        A("3.2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", 3), A("3.2.2", "Xin lỗi người dân khi giải quyết quá hạn", 2),
        A("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị", 2), A("3.4", "Rà soát, đơn giản hóa thủ tục hành chính", 3),
        S("3.5", "Công khai, minh bạch thủ tục hành chính (đánh giá qua điều tra XHH)", 3),
        S("3.6", "Thời gian, chất lượng giải quyết thủ tục hành chính (đánh giá qua điều tra XHH)", 3),
        A("4", "Cải cách tổ chức bộ máy hành chính nhà nước", 10),
        A("4.1", "Sắp xếp, kiện toàn tổ chức bộ máy", 4), A("4.2", "Quản lý, sử dụng biên chế", 3),
        S("4.3", "Hiệu quả phối hợp, phân cấp, ủy quyền (đánh giá qua điều tra XHH)", 3),
        A("5", "Cải cách chế độ công vụ", 14),
        A("5.1", "Vị trí việc làm, cơ cấu ngạch công chức", 3), A("5.2", "Tuyển dụng, đánh giá, đào tạo, bồi dưỡng", 3),
        A("5.3", "Kỷ luật, kỷ cương hành chính", 3),
        S("5.4", "Năng lực, thái độ phục vụ của cán bộ, công chức (đánh giá qua điều tra XHH)", 3),
        S("5.5", "Tình trạng nhũng nhiễu, tiêu cực (đánh giá qua điều tra XHH)", 2),
        A("6", "Cải cách tài chính công", 9),
        A("6.1", "Quản lý, sử dụng ngân sách, tài sản công", 4), A("6.2", "Tự chủ tài chính của đơn vị sự nghiệp công lập", 3),
        S("6.3", "Công khai, minh bạch tài chính công (đánh giá qua điều tra XHH)", 2),
        A("7", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", 15),
        A("7.1", "Hạ tầng, nền tảng số", 3), A("7.2", "Cung cấp dịch vụ công trực tuyến", 5), A("7.3", "Dữ liệu số và chuyển đổi số", 3),
        S("7.4", "Hiệu quả dịch vụ công trực tuyến, ứng dụng công nghệ số (đánh giá qua điều tra XHH)", 4),
        A("8", "Tác động của cải cách hành chính đến phát triển kinh tế - xã hội", 14),
        A("8.1", "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội", 5), A("8.2", "Cải thiện môi trường đầu tư, kinh doanh", 5),
        S("8.3", "Tác động của cải cách hành chính đến người dân, doanh nghiệp (đánh giá qua điều tra XHH)", 4),
    ];

    private static CriterionNode A(string code, string name, decimal points) => new(code, name, null, points, ScoreComponent.Appraisal);

    private static CriterionNode S(string code, string name, decimal points) => new(code, name, null, points, ScoreComponent.Survey);
}
