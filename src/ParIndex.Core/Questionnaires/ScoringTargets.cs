namespace ParIndex.Core.Questionnaires;

/// <summary>A criterion area, sub-criterion or SIPAS element that scored items can feed.</summary>
/// <param name="Code">"3", "3.2" or "access".</param>
/// <param name="Vi">Vietnamese name.</param>
/// <param name="En">English name.</param>
public sealed record ScoringTarget(string Code, string Vi, string En);

/// <summary>
/// The targets used by the default questionnaires (docs/questionnaire-format.md § 4), so the
/// criteria seed and the files cannot drift apart. A configurable default, not the official
/// list: rounds define their own criteria and points in the database.
/// </summary>
public static class ScoringTargets
{
    /// <summary>
    /// Areas "1".."7" are the seven task groups of Hanoi's reform plan 2026–2030 (KH CCHC 2026–2030, seeds/004 §II.1–7);
    /// area "8" (impact on socio-economic development) is not in that plan: a configurable default. Sub-criteria are
    /// configurable defaults. In order.
    /// </summary>
    public static readonly IReadOnlyList<ScoringTarget> Criteria =
    [
        new("1", "Chỉ đạo, điều hành cải cách hành chính", "Direction and administration of reform"),
        new("1.1", "Kế hoạch cải cách hành chính năm", "Annual reform plan"),
        new("1.2", "Chỉ đạo, kiểm tra, đôn đốc và khắc phục tồn tại", "Leadership, inspection and follow-up"),
        new("1.3", "Tuyên truyền cải cách hành chính", "Communication about reform"),
        new("1.4", "Sáng kiến, cách làm mới", "Initiatives and new practices"),
        new("2", "Cải cách thể chế", "Institutional reform"),
        new("2.1", "Chất lượng xây dựng văn bản, lấy ý kiến", "Quality of drafting and consultation"),
        new("2.2", "Tổ chức thi hành pháp luật", "Implementation of laws"),
        new("2.3", "Rà soát, kiến nghị sửa đổi quy định", "Review of regulations"),
        new("3", "Cải cách thủ tục hành chính, một cửa", "Administrative procedures and one-stop service"),
        new("3.1", "Công khai thủ tục hành chính", "Publication of procedures"),
        new("3.2", "Giải quyết hồ sơ đúng hạn; Bộ phận Một cửa", "On-time handling and the one-stop counter"),
        new("3.3", "Cắt giảm, đơn giản hóa thủ tục hành chính", "Simplification of procedures"),
        new("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị", "Handling of feedback and complaints"),
        new("4", "Cải cách tổ chức bộ máy", "Organisational reform"),
        new("4.1", "Chức năng, nhiệm vụ rõ ràng", "Clear functions and duties"),
        new("4.2", "Bộ máy tinh gọn sau sắp xếp", "Lean apparatus after reorganisation"),
        new("4.3", "Phân cấp, phối hợp, hướng dẫn", "Delegation, coordination and guidance"),
        new("5", "Cải cách chế độ công vụ", "Civil-service reform"),
        new("5.1", "Năng lực cán bộ, công chức", "Competence of officials"),
        new("5.2", "Kỷ luật, kỷ cương, không nhũng nhiễu", "Discipline and integrity"),
        new("5.3", "Tinh thần phục vụ, trách nhiệm", "Service spirit and responsiveness"),
        new("6", "Cải cách tài chính công", "Public-finance reform"),
        new("6.1", "Công khai ngân sách", "Budget transparency"),
        new("6.2", "Sử dụng ngân sách, tài sản công, đầu tư công hiệu quả", "Efficient spending, assets and public investment"),
        new("6.3", "Tự chủ tài chính, nguồn lực xã hội hóa", "Financial autonomy and private resources"),
        new("7", "Xây dựng chính quyền điện tử, chính quyền số", "E-government and digital government"),
        new("7.1", "Dịch vụ công trực tuyến", "Online public services"),
        new("7.2", "Văn bản điện tử, chữ ký số, chia sẻ dữ liệu", "E-documents, digital signatures and data sharing"),
        new("7.3", "Cổng/Trang thông tin điện tử, kênh tương tác số", "Website and digital channels"),
        new("8", "Tác động đến phát triển kinh tế – xã hội", "Impact on socio-economic development"),
        new("8.1", "Hoàn thành chỉ tiêu, nhiệm vụ kinh tế – xã hội", "Socio-economic targets met"),
        new("8.2", "Môi trường đầu tư, kinh doanh", "Investment and business climate"),
        new("8.3", "Chất lượng dịch vụ công, niềm tin của người dân", "Public-service quality and trust"),
    ];

    /// <summary>SIPAS: the five service elements, overall satisfaction and the four policy components.</summary>
    public static readonly IReadOnlyList<ScoringTarget> SipasElements =
    [
        new("access", "Tiếp cận dịch vụ", "Access to the service"),
        new("procedure", "Thủ tục hành chính", "Administrative procedure"),
        new("civil_servant", "Công chức giải quyết công việc", "Civil servant"),
        new("result", "Kết quả giải quyết", "Result"),
        new("feedback", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "Feedback handling"),
        new("overall", "Hài lòng chung về dịch vụ", "Overall satisfaction with the service"),
        new("policy_info", "Tiếp cận thông tin chính sách", "Access to policy information"),
        new("policy_participation", "Tham gia, góp ý xây dựng chính sách", "Participation and feedback on policies"),
        new("policy_implementation", "Tổ chức thực hiện chính sách", "Policy implementation"),
        new("policy_result", "Kết quả, tác động của chính sách", "Policy results and impact"),
    ];

    /// <summary>Every default code, for <see cref="DefinitionValidator.Validate(QuestionnaireDefinition, IReadOnlySet{string}?)"/>.</summary>
    public static IReadOnlySet<string> AllCodes { get; } =
        Criteria.Concat(SipasElements).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
}
