using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

public sealed record CreateRoundRequest(
    string Code, string Name, int Year, DateOnly PeriodStart, DateOnly PeriodEnd,
    decimal SurveyPoints = 30, decimal AppraisalPoints = 70, string? NameEn = null);

/// <summary>Creates an empty round with the three standard unit types; units, groups and criteria are added next.</summary>
public static class CreateRound
{
    public static readonly (string Code, string Name, string NameEn)[] StandardUnitTypes =
    [
        ("SO", "Sở, ban, ngành", "Departments"),
        ("XA", "UBND xã, phường", "Commune/ward People's Committees"),
        ("DVSN", "Đơn vị sự nghiệp công lập", "Public service units"),
    ];

    public static Dictionary<string, string[]> Validate(CreateRoundRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Code) || r.Code.Length > 40 || !r.Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors["code"] = ["Mã đợt chỉ gồm chữ, số, '-' hoặc '_' (tối đa 40 ký tự)."];
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 300) errors["name"] = ["Tên đợt bắt buộc (tối đa 300 ký tự)."];
        if (r.Year is < 2000 or > 2100) errors["year"] = ["Năm phải từ 2000 đến 2100."];
        if (r.PeriodEnd < r.PeriodStart) errors["periodEnd"] = ["Ngày kết thúc kỳ đánh giá phải sau ngày bắt đầu."];
        // Each part checked before the sum: decimal.MaxValue + anything would throw, not refuse.
        if (r.SurveyPoints is < 0 or > 100 || r.AppraisalPoints is < 0 or > 100 || r.SurveyPoints + r.AppraisalPoints != 100)
            errors["surveyPoints"] = [r.SurveyPoints is < 0 or > 100 || r.AppraisalPoints is < 0 or > 100
                ? "Điểm điều tra XHH và điểm thẩm định phải từ 0 đến 100 và cộng lại bằng 100."
                : $"Điểm điều tra XHH và điểm thẩm định phải cộng lại bằng 100 (hiện là {r.SurveyPoints + r.AppraisalPoints:0.##})."];
        return errors;
    }

    public static async Task<Round> Handle(ParIndexDbContext db, CreateRoundRequest r, string actor, DateTime now, CancellationToken ct)
    {
        var errors = Validate(r);
        if (errors.Count > 0) throw new RequestValidationException(errors);
        if (await db.Rounds.AnyAsync(x => x.Code == r.Code, ct))
            throw new DomainException("round-code-taken", $"Mã đợt \"{r.Code}\" đã tồn tại.");
        var round = new Round
        {
            Code = r.Code.Trim(),
            Name = r.Name.Trim(),
            NameEn = r.NameEn?.Trim(),
            Year = r.Year,
            PeriodStart = r.PeriodStart,
            PeriodEnd = r.PeriodEnd,
            SurveyPoints = r.SurveyPoints,
            AppraisalPoints = r.AppraisalPoints,
            Status = RoundStatus.Draft,
            CreatedAt = now,
            UnitTypes = [.. StandardUnitTypes.Select((t, i) => new UnitType { Code = t.Code, Name = t.Name, NameEn = t.NameEn, SortOrder = i })],
        };
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        db.Record(actor, "round.create", nameof(Round), round.Id, null, r, now, round.Id);
        await db.SaveChangesAsync(ct);
        return round;
    }
}
