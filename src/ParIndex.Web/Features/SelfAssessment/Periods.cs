using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>Opens an appraisal period (half-year or year) of a round with its deadlines and bonus/penalty items.</summary>
public static class Periods
{
    public sealed record Item(string Code, ScoreLineKind Kind, decimal MaxPoints, string Name);

    public sealed record Command(int RoundId, PeriodKind Kind, string Name, DateOnly SubmissionDeadline, DateOnly AppraisalDeadline, int ExplanationWorkingDays, IReadOnlyList<Item> Items);

    /// <summary>
    /// The bonus and penalty items the 2025 method adds beside the criteria tree, as a realistic editable default — not
    /// the text of Decision 5666/QĐ-UBND: the working group replaces them with the year's.
    /// </summary>
    public static readonly IReadOnlyList<Item> DefaultItems =
    [
        new("T1", ScoreLineKind.Bonus, 1m, "Có sáng kiến, giải pháp CCHC mới được cấp có thẩm quyền công nhận và nhân rộng"),
        new("T2", ScoreLineKind.Bonus, 0.5m, "Được Trung ương hoặc Thành phố khen thưởng về công tác CCHC trong kỳ"),
        new("T3", ScoreLineKind.Bonus, 0.5m, "Tỷ lệ hồ sơ TTHC trực tuyến toàn trình vượt chỉ tiêu Thành phố giao"),
        new("P1", ScoreLineKind.Penalty, 2m, "Để xảy ra sai phạm trong giải quyết TTHC bị cơ quan có thẩm quyền kết luận"),
        new("P2", ScoreLineKind.Penalty, 2m, "Cán bộ, công chức bị kỷ luật do nhũng nhiễu, gây phiền hà cho người dân, doanh nghiệp"),
        new("P3", ScoreLineKind.Penalty, 1m, "Gửi báo cáo tự đánh giá, tài liệu kiểm chứng chậm so với thời hạn"),
    ];

    /// <summary>Items as the page edits them, one per line: <c>code; thưởng|trừ; max; name</c>.</summary>
    public static string Format(IEnumerable<Item> items) => string.Join("\n", items.Select(i =>
        $"{i.Code}; {(i.Kind == ScoreLineKind.Bonus ? "thưởng" : "trừ")}; {i.MaxPoints.ToString(System.Globalization.CultureInfo.InvariantCulture)}; {i.Name}"));

    public static IReadOnlyList<Item> Parse(string? text, List<string> errors)
    {
        var items = new List<Item>();
        var n = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(';', 4, StringSplitOptions.TrimEntries);
            if (parts.Length < 4) { errors.Add($"Dòng {n}: cần 4 phần “mã; thưởng/trừ; điểm tối đa; tên”."); continue; }
            var kind = parts[1].ToLowerInvariant() switch
            {
                "thưởng" or "thuong" or "bonus" => (ScoreLineKind?)ScoreLineKind.Bonus,
                "trừ" or "tru" or "penalty" => ScoreLineKind.Penalty,
                _ => null,
            };
            if (kind is null) { errors.Add($"Dòng {n}: loại phải là “thưởng” hoặc “trừ”."); continue; }
            if (!decimal.TryParse(parts[2].Replace(',', '.'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var max) || max <= 0 || max > 100)
            { errors.Add($"Dòng {n}: điểm tối đa phải là số dương."); continue; }
            items.Add(new Item(parts[0], kind.Value, max, parts[3]));
        }
        return items;
    }

    public static async Task<int> Create(ParIndexDbContext db, Command c, string actor, DateTime now, CancellationToken ct)
    {
        var errors = new List<string>();
        if (!await db.Rounds.AnyAsync(r => r.Id == c.RoundId, ct)) throw new DomainException("not-found", "Không có đợt này.");
        if (string.IsNullOrWhiteSpace(c.Name)) errors.Add("Thiếu tên kỳ đánh giá.");
        if (c.AppraisalDeadline < c.SubmissionDeadline) errors.Add("Hạn thẩm định lần 1 phải sau hạn nộp tự đánh giá.");
        if (c.ExplanationWorkingDays is < 1 or > 30) errors.Add("Số ngày làm việc để giải trình phải từ 1 đến 30.");
        var codes = await db.Criteria.Where(x => x.RoundId == c.RoundId).Select(x => x.Code).Distinct().ToListAsync(ct);
        foreach (var i in c.Items)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(i.Code, "^[A-Za-z][A-Za-z0-9]{0,9}$")) errors.Add($"{i.Code}: mã khoản thưởng/trừ phải bắt đầu bằng chữ cái (ví dụ T1, P1).");
            if (codes.Contains(i.Code)) errors.Add($"{i.Code}: trùng mã một tiêu chí.");
        }
        foreach (var dup in c.Items.GroupBy(i => i.Code).Where(g => g.Count() > 1)) errors.Add($"{dup.Key}: mã bị lặp.");
        if (await db.AssessmentPeriods.AnyAsync(p => p.RoundId == c.RoundId && p.Kind == c.Kind, ct))
            errors.Add(c.Kind == PeriodKind.HalfYear ? "Đợt này đã có kỳ 6 tháng." : "Đợt này đã có kỳ năm.");
        if (errors.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["period"] = [.. errors] });

        var period = new AssessmentPeriod
        {
            RoundId = c.RoundId, Kind = c.Kind, Name = c.Name.Trim(), SubmissionDeadline = c.SubmissionDeadline, AppraisalDeadline = c.AppraisalDeadline,
            ExplanationWorkingDays = c.ExplanationWorkingDays, CreatedAt = now,
            AdjustmentItems = [.. c.Items.Select((i, k) => new AdjustmentItem { Code = i.Code, Name = i.Name, Kind = i.Kind, MaxPoints = i.MaxPoints, SortOrder = k })],
        };
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        db.AssessmentPeriods.Add(period);
        await db.SaveChangesAsync(ct);
        db.Record(actor, "assessment.period.create", nameof(AssessmentPeriod), period.Id, null,
            new { period.Name, period.Kind, period.SubmissionDeadline, period.AppraisalDeadline, period.ExplanationWorkingDays, Items = c.Items }, now, c.RoundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return period.Id;
    }
}
