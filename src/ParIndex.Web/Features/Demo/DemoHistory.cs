using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Publication;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Publication;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Features.Scoring;

namespace ParIndex.Web.Features.Demo;

/// <summary>
/// The demo's earlier years, so a fresh start shows the public results site (<c>/cong-bo/CCHC-2025</c>) with changes since
/// last year across the 2025 reorganisation: "Chỉ số CCHC 2024" rates the departments as they were before the mergers of
/// March 2025 and the districts (quận, huyện) abolished in July 2025; "Chỉ số CCHC 2025" rates today's departments and
/// xã/phường (the same lists as the 2026 demo round). Each is seeded the way a real round runs — sample, answers through
/// Collection's one writer, fieldwork closed, the council's appraisal (round 2) imported, scored, published — and 2025 is
/// linked to 2024 by a unit mapping: merged departments by frame shares, a split one (Lao động – Thương binh và Xã hội)
/// under three successors, wards by population shares of the districts they came from. The 2026 round is linked to 2025 by
/// its codes. The mapping and its shares are a plausible demo, not the official reorganisation resolutions.
/// </summary>
internal static class DemoHistory
{
    public const string Round2024 = "CCHC-2024";
    public const string Round2025 = "CCHC-2025";
    private const string Actor = "system:demo-seed";

    /// <summary>Departments of 2024, before the mergers of 1 March 2025.</summary>
    private static readonly (string Code, string Name)[] Departments2024 =
    [
        ("SO-NV", "Sở Nội vụ"), ("SO-LDTBXH", "Sở Lao động - Thương binh và Xã hội"), ("SO-TP", "Sở Tư pháp"), ("SO-TC", "Sở Tài chính"),
        ("SO-KHDT", "Sở Kế hoạch và Đầu tư"), ("SO-CT", "Sở Công Thương"), ("SO-XD", "Sở Xây dựng"), ("SO-GTVT", "Sở Giao thông vận tải"),
        ("SO-NNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"), ("SO-TNMT", "Sở Tài nguyên và Môi trường"), ("SO-KHCN", "Sở Khoa học và Công nghệ"),
        ("SO-TTTT", "Sở Thông tin và Truyền thông"), ("SO-VHTT", "Sở Văn hóa và Thể thao"), ("SO-DL", "Sở Du lịch"), ("SO-YT", "Sở Y tế"),
        ("SO-GDDT", "Sở Giáo dục và Đào tạo"), ("SO-BDT", "Ban Dân tộc Thành phố"), ("SO-NGV", "Sở Ngoại vụ"), ("SO-QHKT", "Sở Quy hoạch - Kiến trúc"),
        ("SO-TTTP", "Thanh tra Thành phố"), ("SO-VP", "Văn phòng UBND Thành phố"), ("SO-BQLKCN", "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội"),
        ("SO-BQLDT", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng Thành phố"),
    ];

    /// <summary>Today's departments by the 2024 departments they came from, with frame shares (unlisted: the same code, share 1).</summary>
    private static readonly Dictionary<string, (string From, double Share)[]> DepartmentParts = new(StringComparer.Ordinal)
    {
        ["SO-NV"] = [("SO-NV", 0.6), ("SO-LDTBXH", 0.4)],
        ["SO-TC"] = [("SO-TC", 0.55), ("SO-KHDT", 0.45)],
        ["SO-XD"] = [("SO-XD", 0.45), ("SO-GTVT", 0.55)],
        ["SO-NNMT"] = [("SO-NNPTNT", 0.4), ("SO-TNMT", 0.6)],
        ["SO-KHCN"] = [("SO-KHCN", 0.35), ("SO-TTTT", 0.65)],
        ["SO-YT"] = [("SO-YT", 0.85), ("SO-LDTBXH", 0.15)],
        ["SO-GDDT"] = [("SO-GDDT", 0.9), ("SO-LDTBXH", 0.1)],
        ["SO-DTTG"] = [("SO-BDT", 1.0)],
    };

    /// <summary>Wards formed from parts of more than one district, with population shares (others: their own district, share 1).</summary>
    private static readonly Dictionary<string, (string District, double Share)[]> WardParts = new(StringComparer.Ordinal)
    {
        ["P-CUANAM"] = [("Hoàn Kiếm", 0.8), ("Hai Bà Trưng", 0.2)],
        ["P-GIANGVO"] = [("Ba Đình", 0.75), ("Đống Đa", 0.25)],
        ["P-VANMIEU"] = [("Đống Đa", 0.85), ("Ba Đình", 0.15)],
        ["P-BACHMAI"] = [("Hai Bà Trưng", 0.7), ("Đống Đa", 0.3)],
        ["P-KIMLIEN"] = [("Đống Đa", 0.9), ("Hai Bà Trưng", 0.1)],
        ["P-TAYHO"] = [("Tây Hồ", 0.9), ("Ba Đình", 0.1)],
        ["P-NGHIADO"] = [("Cầu Giấy", 0.75), ("Tây Hồ", 0.15), ("Bắc Từ Liêm", 0.1)],
        ["P-TAYMO"] = [("Nam Từ Liêm", 0.8), ("Hà Đông", 0.2)],
    };

    private static readonly HashSet<string> UrbanDistricts = new(StringComparer.Ordinal)
        { "Hoàn Kiếm", "Ba Đình", "Hai Bà Trưng", "Đống Đa", "Tây Hồ", "Cầu Giấy", "Thanh Xuân", "Hoàng Mai", "Long Biên", "Hà Đông", "Nam Từ Liêm", "Bắc Từ Liêm" };

    public static async Task SeedIfAbsentAsync(ParIndexDbContext db, ILogger log, CancellationToken ct)
    {
        var current = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Code == DemoData.RoundCode, ct);
        if (current is null || await db.Rounds.AnyAsync(r => r.Code == Round2024 || r.Code == Round2025, ct)) return;
        var districts = DemoData.Communes.Select(c => c.Area).Append("Bắc Từ Liêm").Distinct().Select(a => (Code: DistrictCode(a), Name: DistrictName(a), Area: a)).ToList();

        // 2024: the old departments and districts; answers a little less satisfied, more so for some units (so that the
        // demo shows significant changes as well as changes within sampling error).
        var r2024 = await SeedRound(db, Round2024, "Chỉ số CCHC 2024", "PAR Index 2024", 2024,
            Departments2024, districts.Select(d => (d.Code, d.Name, (string?)null)).ToList(), "UBND quận, huyện, thị xã", "District People's Committees",
            code => code is null ? 0.03 : 0.03 + (code.Sum(c => c) % 3) * 0.03, new DateTime(2024, 12, 10, 3, 0, 0, DateTimeKind.Utc), new Random(2024), ct);
        await Publish(db, r2024, new DateTime(2025, 3, 20, 3, 0, 0, DateTimeKind.Utc), "Công bố tại Hội nghị công bố Chỉ số CCHC năm 2024.", ct);

        var r2025 = await SeedRound(db, Round2025, "Chỉ số CCHC 2025", "PAR Index 2025", 2025,
            DemoData.Departments, DemoData.Communes.Select(c => (c.Code, c.Name, (string?)c.Area)).ToList(), null, null,
            null, new DateTime(2025, 12, 10, 3, 0, 0, DateTimeKind.Utc), new Random(2025), ct);
        var parts = Mapping(districts.ToDictionary(d => d.Area, d => d.Code, StringComparer.Ordinal));
        var mapped = await SetPredecessor.FromParts(db, r2025.Id, r2024.Id, parts, Actor, new DateTime(2026, 1, 15, 3, 0, 0, DateTimeKind.Utc), ct);
        if (!mapped.Succeeded) throw new InvalidOperationException("The demo mapping was refused: " + string.Join("; ", mapped.Errors.Select(e => $"{e.Line}: {e.Message}")));
        await Publish(db, r2025, new DateTime(2026, 3, 27, 3, 0, 0, DateTimeKind.Utc), "Công bố tại Hội nghị công bố Chỉ số CCHC năm 2025, SIPAS của các Sở và UBND các xã, phường.", ct);

        var linked = await SetPredecessor.SameCodes(db, current.Id, r2025.Id, Actor, new DateTime(2026, 4, 1, 3, 0, 0, DateTimeKind.Utc), ct);
        log.LogInformation("Seeded demo history {Round2024} and {Round2025} (published), {Parts} mapping parts; {Linked} units of {Current} linked to 2025",
            Round2024, Round2025, parts.Count, linked.Parts, DemoData.RoundCode);
    }

    /// <summary>
    /// Today's units by their 2024 predecessors, kept only where both sides exist in the seeded rounds (a part that is missing
    /// drops out and the unit's remaining shares are scaled back to 1).
    /// </summary>
    private static List<(string Unit, string Predecessor, double Share, LineageBasis Basis)> Mapping(Dictionary<string, string> districtByArea)
    {
        var old = Departments2024.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var rows = new List<(string, string, double, LineageBasis)>();
        void Add(string unit, IEnumerable<(string From, double Share)> from, LineageBasis basis)
        {
            var kept = from.Where(p => p.From is not null).ToList();
            var total = kept.Sum(p => p.Share);
            if (kept.Count == 0 || total <= 0) return;
            rows.AddRange(kept.Select(p => (unit, p.From, Math.Round(p.Share / total, 4), kept.Count == 1 && basis != LineageBasis.Population ? LineageBasis.Identity : basis)));
        }
        foreach (var (code, _) in DemoData.Departments)
            Add(code, (DepartmentParts.TryGetValue(code, out var p) ? p : [(code, 1.0)]).Where(x => old.Contains(x.From)), LineageBasis.Frame);
        foreach (var (code, _, area) in DemoData.Communes)
            Add(code, (WardParts.TryGetValue(code, out var w) ? w : [(area, 1.0)]).Where(x => districtByArea.ContainsKey(x.District)).Select(x => (districtByArea[x.District], x.Share)),
                LineageBasis.Population);
        // Rounding to four decimals may leave a unit's shares off 1 by 1e-4 at most: give the difference to its first part.
        return rows.GroupBy(r => r.Item1).SelectMany(g =>
        {
            var list = g.ToList();
            var diff = 1 - list.Sum(x => x.Item3);
            list[0] = (list[0].Item1, list[0].Item2, Math.Round(list[0].Item3 + diff, 6), list[0].Item4);
            return list;
        }).ToList();
    }

    private static async Task<Round> SeedRound(ParIndexDbContext db, string code, string name, string nameEn, int year,
        IReadOnlyList<(string Code, string Name)> departments, IReadOnlyList<(string Code, string Name, string? Area)> localUnits, string? localTypeName, string? localTypeNameEn,
        Func<string?, double>? shift, DateTime asOf, Random rng, CancellationToken ct)
    {
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var round = new Round
        {
            Code = code, Name = name, NameEn = nameEn, Year = year, PeriodStart = new DateOnly(year, 1, 1), PeriodEnd = new DateOnly(year, 10, 31),
            FieldworkStart = new DateOnly(year, 10, 1), FieldworkEnd = new DateOnly(year, 12, 15), Status = RoundStatus.Fieldwork, SurveyPoints = 30, AppraisalPoints = 70, CreatedAt = asOf.AddMonths(-3),
        };
        var types = CreateRound.StandardUnitTypes.Where(t => t.Code is "SO" or "XA").Select((t, i) => new UnitType
        {
            Code = t.Code, Name = t.Code == "XA" && localTypeName is not null ? localTypeName : t.Name, NameEn = t.Code == "XA" && localTypeNameEn is not null ? localTypeNameEn : t.NameEn, SortOrder = i,
        }).ToList();
        round.UnitTypes.AddRange(types);
        var so = types.Single(t => t.Code == "SO");
        var xa = types.Single(t => t.Code == "XA");
        round.Units.AddRange(departments.Select((d, i) => new Unit { Code = d.Code, Name = d.Name, UnitType = so, SortOrder = i }));
        round.Units.AddRange(localUnits.Select((c, i) => new Unit { Code = c.Code, Name = c.Name, ParentArea = c.Area, UnitType = xa, SortOrder = i }));
        round.RespondentGroups.AddRange(DemoData.Groups.Select((g, i) => new RespondentGroup
        {
            Code = g.Code, Name = localTypeName is null ? g.Name : g.Name.Replace("xã, phường", "quận, huyện", StringComparison.Ordinal),
            NameEn = g.NameEn, UnitType = g.UnitType == "SO" ? so : xa, RatesManyUnits = g.RatesMany, ScoreWeight = 1, SortOrder = i,
        }));
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        foreach (var type in types) await SetCriteria.Handle(db, round.Id, type.Code, DemoData.Criteria, Actor, asOf, ct);
        var versions = await DemoSeeder.SeedQuestionnaires(db, round, asOf, ct);
        await DemoSeeder.SeedSample(db, round, versions, rng, asOf, tokens: null, ct, shift);
        await CloseFieldwork.Close(db, round.Id, Actor, asOf.AddDays(6), ct);
        var appraisal = await ImportAppraisal.Handle(db, round.Id, await AppraisalFile(db, round.Id, rng, year == 2024 ? 0.02m : 0m, ct), Actor, asOf.AddDays(40), ct);
        if (!appraisal.Succeeded) throw new InvalidOperationException("The demo appraisal was refused: " + string.Join("; ", appraisal.Errors.Select(e => e.Message)));
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return round;
    }

    /// <summary>The council's final (round 2) appraisal of every unit: each appraisal sub-criterion at 80–97 % of its maximum.</summary>
    private static async Task<TabularFile> AppraisalFile(ParIndexDbContext db, int roundId, Random rng, decimal lower, CancellationToken ct)
    {
        var criteria = await db.Criteria.AsNoTracking().Where(c => c.RoundId == roundId).Select(c => new { c.Code, c.UnitTypeId, c.Component, c.MaxPoints }).ToListAsync(ct);
        var leaves = criteria.Where(c => c.Component == ScoreComponent.Appraisal && !criteria.Any(o => o.UnitTypeId == c.UnitTypeId && o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal))).ToList();
        var rows = new List<TabularRow>();
        foreach (var u in await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.Id).Select(u => new { u.Code, u.UnitTypeId }).ToListAsync(ct))
        {
            var level = 0.80m + (decimal)rng.NextDouble() * 0.17m - lower;
            foreach (var c in leaves.Where(l => l.UnitTypeId == u.UnitTypeId))
                rows.Add(new TabularRow(rows.Count + 2, new Dictionary<string, string>
                {
                    ["unit"] = u.Code, ["criterion"] = c.Code, ["appraisal_round"] = "2",
                    ["points"] = Math.Round(c.MaxPoints * level, 2).ToString(CultureInfo.InvariantCulture),
                }));
        }
        return new TabularFile(["unit", "criterion", "appraisal_round", "points"], rows);
    }

    private static async Task Publish(ParIndexDbContext db, Round round, DateTime at, string note, CancellationToken ct)
    {
        var run = await RunScoring.Handle(db, round.Id, Actor, at.AddDays(-30), ct);
        await PublishRound.Handle(db, round.Id, run.Id, note, Actor, at, cache: null, ct);
        db.ChangeTracker.Clear();
    }

    private static string DistrictName(string area) => (area == "Sơn Tây" ? "Thị xã " : UrbanDistricts.Contains(area) ? "Quận " : "Huyện ") + area;

    /// <summary>A district's code: its name without diacritics, e.g. "Q-HOANKIEM", "H-SOCSON".</summary>
    private static string DistrictCode(string area)
    {
        var plain = new StringBuilder();
        foreach (var ch in area.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark && char.IsLetterOrDigit(ch)) plain.Append(char.ToUpperInvariant(ch));
        return (area == "Sơn Tây" ? "TX-" : UrbanDistricts.Contains(area) ? "Q-" : "H-") + plain;
    }
}
