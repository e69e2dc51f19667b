using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ParIndex.Web.Infrastructure;

/// <summary>One entry of the problem catalogue: a stable code, the HTTP status, and what it means in both languages.</summary>
public sealed record Problem(string Code, int Status, string Vi, string En)
{
    /// <summary>The stable <c>type</c> of every ProblemDetails with this code.</summary>
    public string Type => Problems.TypeOf(Code);

    public string Title(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Vi;
}

/// <summary>
/// The catalogue of problems, for the API and the pages alike: every refusal — a <c>DomainException</c> of Core or the
/// web, a status the framework answered by itself, a link that cannot be used — has an entry here, with its status and
/// text in Vietnamese and English (a test fails on a code used anywhere without one). Every failure carries a stable
/// <c>type</c> of the form <c>/problems/{code}</c>; <c>GET /problems/{code}</c> explains it. Titles are said in the
/// request's language (Vietnamese unless <c>?lang=en</c> or the language cookie says English).
/// </summary>
public static class Problems
{
    private static readonly Problem[] Entries =
    [
        new("validation-failed", 400, "Một số trường của yêu cầu không hợp lệ.", "The request has invalid fields."),
        new("malformed-request", 400, "Không đọc được nội dung yêu cầu.", "The request body could not be read."),
        new("not-found", 404, "Không có mục này.", "The resource does not exist."),
        new("token-invalid", 404, "Liên kết không hợp lệ.", "The link is not valid."),
        new("token-revoked", 410, "Liên kết đã bị thu hồi.", "The link was revoked."),
        new("token-expired", 410, "Liên kết chưa mở hoặc đã hết hạn, hoặc đợt khảo sát không còn nhận phiếu.", "The link has expired or is not yet open, or the round takes no more answers."),
        new("token-used", 410, "Liên kết này đã được dùng để trả lời phiếu.", "This link was already used to answer."),
        new("round-structure-locked", 409, "Không thể thay đổi cấu trúc đợt theo cách này vì đã có phiếu trả lời phụ thuộc vào nó.", "The round's structure cannot change this way because responses depend on it."),
        new("round-code-taken", 409, "Đã có đợt điều tra với mã này.", "A round with this code already exists."),
        new("points-mismatch", 400, "Tổng điểm tối đa không khớp.", "Maximum points do not add up."),
        new("import-rejected", 400, "Tệp có lỗi; chưa nhập gì.", "The file has errors; nothing was imported."),
        new("questionnaire-not-draft", 409, "Chỉ công bố được phiên bản phiếu đang soạn.", "Only a draft questionnaire version can be published."),
        new("questionnaire-frozen", 409, "Phiên bản phiếu đã công bố không bao giờ thay đổi.", "A published questionnaire version never changes."),
        new("response-already-submitted", 409, "Phiếu này đã được nộp.", "This response was already submitted."),
        new("response-conflict", 409, "Người trả lời này đã có một phiếu khác.", "Another response already exists for this respondent."),
        new("invitation-revoked", 409, "Thư mời này đã bị thu hồi.", "This invitation was revoked."),
        new("invitation-used", 409, "Thư mời này đã được dùng.", "This invitation was already used."),
        new("audit-append-only", 409, "Nhật ký chỉ được ghi thêm, không được sửa hay xóa.", "Audit entries are append-only."),
        new("unauthenticated", 401, "Hãy đăng nhập để dùng chức năng này.", "Sign in to use this resource."),
        new("forbidden", 403, "Vai trò của Ông/Bà không được phép làm việc này.", "Your role does not allow this."),
        new("cross-site-request", 403, "Thao tác thay đổi dữ liệu bằng phiên đăng nhập phải đến từ trang của ParIndex: gửi JSON (hoặc đúng loại tệp) hoặc tiêu đề X-Requested-With, từ chính trang này.",
            "A call that changes data with the sign-in cookie must come from a ParIndex page: send JSON (or the file's own type) or the X-Requested-With header, from this site."),
        new("login-failed", 401, "Sai thư điện tử hoặc mật khẩu.", "Wrong e-mail or password."),
        new("locked-out", 423, "Tài khoản đã bị quản trị viên khóa.", "The account is locked by an administrator."),
        new("rate-limited", 429, "Quá nhiều yêu cầu; hãy chờ rồi thử lại (xem Retry-After).", "Too many requests; wait and retry (see Retry-After)."),
        new("payload-too-large", 413, "Nội dung gửi lên lớn hơn mức máy chủ nhận.", "The request body is larger than the server accepts."),
        new("unsupported-media-type", 415, "Kiểu nội dung gửi lên không được chức năng này nhận.", "The request body has a content type this endpoint does not accept."),
        new("method-not-allowed", 405, "Chức năng này không nhận phương thức HTTP này.", "This resource does not accept this HTTP method."),
        new("internal-error", 500, "Đã xảy ra lỗi ngoài dự kiến; lỗi đã được ghi lại.", "An unexpected error occurred; it has been logged."),
        new("server-busy", 503, "Máy chủ đang nhận rất nhiều phiếu cùng lúc; chưa lưu gì. Gửi lại với cùng clientId sau số giây Retry-After.",
            "The server is taking in a burst of submissions; nothing was stored. Retry with the same clientId after Retry-After seconds."),
        // Sampling
        new("sample-draw-exists", 409, "Nhóm này đã có một lần rút mẫu đang dùng; chỉ rút lại khi ghi rõ lý do thay thế.", "This group already has an active sample draw; draw again only with a reason to supersede it."),
        new("sample-draw-in-use", 409, "Mẫu đã rút đang được dùng (đã có thư mời hoặc phiếu); không thể thay thế.", "The drawn sample is in use (invitations or responses exist); it cannot be superseded."),
        new("sample-draw-superseded", 409, "Lần rút mẫu này đã bị thay thế; không dùng được danh sách dự phòng của nó.", "This sample draw was superseded; its reserve list cannot be used."),
        new("reserve-exhausted", 409, "Danh sách dự phòng của tầng đã dùng hết; cần rút mẫu bổ sung.", "The stratum's reserve list is used up; draw a supplementary sample."),
        // Field entry and review
        new("field-not-awaiting-verification", 409, "Phiếu giấy này không chờ nhập lần hai.", "This paper form is not waiting for a second keying."),
        new("field-same-keyer", 409, "Lần nhập thứ hai phải do một cán bộ khác thực hiện.", "The second keying must be done by another staff member."),
        new("review-comment-required", 400, "Cần ghi nhận xét khi từ chối hoặc trả lại phiếu.", "A comment is required to reject or return a response."),
        new("review-return-paper-only", 409, "Chỉ trả lại để sửa được phiếu giấy đã nhập.", "Only a keyed paper form can be returned for correction."),
        // Self-assessment and appraisal
        new("assessment-illegal-step", 409, "Không thể thực hiện bước này ở trạng thái hiện tại của hồ sơ.", "This step is not possible in the assessment's current state."),
        new("assessment-late", 409, "Đã quá hạn nộp tự đánh giá; hãy đề nghị Tổ công tác gia hạn.", "The self-assessment deadline has passed; ask the working group for an extension."),
        new("assessment-window-open", 409, "Đơn vị còn trong thời hạn giải trình.", "The unit's explanation period is still open."),
        new("score-out-of-range", 400, "Điểm nằm ngoài khoảng cho phép của tiêu chí.", "The points are outside the criterion's allowed range."),
        new("evidence-empty", 400, "Tệp minh chứng rỗng.", "The evidence file is empty."),
        new("evidence-too-large", 413, "Tệp minh chứng lớn hơn giới hạn cho phép.", "The evidence file is larger than allowed."),
        new("evidence-too-many", 409, "Tiêu chí này đã đủ số tệp minh chứng tối đa.", "This criterion already has the most evidence files allowed."),
        new("evidence-type", 415, "Loại hoặc tên tệp minh chứng không được chấp nhận.", "The evidence file's type or name is not accepted."),
        // Rounds' life and publication
        new("round-status-illegal", 409, "Đợt điều tra không thể chuyển sang trạng thái này từ trạng thái hiện tại.", "The round cannot move to this state from its current one."),
        new("publication-round-open", 409, "Đợt còn đang nhận phiếu: kết thúc thu thập phiếu rồi mới công bố.", "The round still takes answers: end fieldwork before publishing."),
        new("publication-run-outdated", 409, "Lần tính điểm này dùng phiên bản cũ của động cơ tính điểm; hãy tính điểm lại.", "This score run used an older scoring engine; score again."),
        new("publication-run-stale", 409, "Dữ liệu đầu vào đã thay đổi sau lần tính điểm này; hãy tính điểm lại rồi công bố lần tính mới.", "The inputs changed after this score run; score again and publish the new run."),
        new("publication-appraisal-open", 409, "Hội đồng thẩm định chưa chốt điểm thẩm định của mọi đơn vị.", "The appraisal council has not locked every unit's appraisal."),
        new("publication-immutable", 409, "Một phiên bản công bố không bao giờ được sửa hay xóa; đính chính là một phiên bản mới.", "A published version is never edited or removed; a correction is a new version."),
        new("publication-conflict", 409, "Một phiên bản khác vừa được công bố cùng lúc; hãy tải lại trang và kiểm tra.", "Another version was published at the same moment; reload and check."),
        new("report-unavailable", 503, "Máy chủ chưa tạo được bản PDF của báo cáo; bản HTML vẫn xem được.", "The server cannot make the report's PDF now; its HTML version is available."),
    ];

    /// <summary>Every entry by code.</summary>
    public static readonly IReadOnlyDictionary<string, Problem> All = Entries.ToDictionary(p => p.Code, StringComparer.Ordinal);

    /// <summary>Status and English title by code (the shape API tests and callers have used).</summary>
    public static readonly IReadOnlyDictionary<string, (int Status, string Title)> Catalogue = Entries.ToDictionary(p => p.Code, p => (p.Status, p.En), StringComparer.Ordinal);

    public static string TypeOf(string code) => $"/problems/{code}";

    /// <summary>The entry of <paramref name="code"/>; a code without one is a bug (a test scans the sources for them) and answers 400 with the code.</summary>
    public static Problem Of(string code) => All.TryGetValue(code, out var p) ? p : new Problem(code, 400, code, code);

    /// <summary>The catalogue code for a status the framework answered by itself (no handler ran).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        429 => "rate-limited",
        >= 500 => "internal-error",
        _ => "malformed-request",
    };

    public static ProblemDetails Create(string code, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var entry = Of(code);
        var problem = new ProblemDetails { Type = TypeOf(code), Title = entry.Title(Ui.Lang), Status = entry.Status, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        }
        return problem;
    }

    public static ProblemHttpResult Result(string code, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Create(code, detail, extensions));

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Result("validation-failed", detail ?? "See errors.", new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>What <c>/problems/{code}</c> answers: the entry with both texts.</summary>
    public sealed record ProblemEntry(string Type, int Status, string Title, string TitleVi, string TitleEn);

    public static void MapProblemCatalogue(this IEndpointRouteBuilder app)
    {
        static ProblemEntry Entry(Problem p) => new(p.Type, p.Status, p.Title(Ui.Lang), p.Vi, p.En);
        app.MapGet("/problems", () => TypedResults.Ok(Entries.Select(Entry)))
            .WithTags("Problems").ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/problems/{code}", Results<Ok<ProblemEntry>, NotFound> (string code) =>
                All.TryGetValue(code, out var p) ? TypedResults.Ok(Entry(p)) : TypedResults.NotFound())
            .WithTags("Problems").ExcludeFromDescription().AllowAnonymous();
    }
}
