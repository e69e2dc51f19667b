using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Features.SelfAssessment;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Tests.Features.SelfAssessment;

public sealed class SelfAssessmentWorkflowTests(SelfAssessmentWorkflowTests.App app) : IClassFixture<SelfAssessmentWorkflowTests.App>
{
    public sealed class App : SelfAssessmentApp;

    private static KeyValuePair<string, string> F(string k, string v) => KeyValuePair.Create(k, v);

    private static string Text(HttpResponseMessage r) => r.Content.ReadAsStringAsync().GetAwaiter().GetResult();

    [Fact]
    public async Task A_unit_submits_the_council_appraises_in_two_rounds_approves_and_the_result_locks()
    {
        var (roundId, periodId, _) = await app.Periods();
        var (unit, _, _) = await app.Reporter("SO-TC");
        var form = $"/self-assessment/{periodId}";
        var html = await unit.GetStringAsync(form);
        var lines = SelfAssessmentApp.Lines(html);
        var subCriteria = lines.Where(l => char.IsDigit(l.Code[0])).ToList();
        Assert.True(subCriteria.Count >= 20, $"{subCriteria.Count} sub-criteria on the form");
        Assert.Contains(lines, l => l.Code == "T1");
        Assert.Contains(lines, l => l.Code == "P1");
        var max = await app.WithDb(db => db.Criteria.Where(c => c.RoundId == roundId && c.UnitTypeId == db.Units.First(u => u.Code == "SO-TC").UnitTypeId)
            .ToDictionaryAsync(c => c.Code, c => c.MaxPoints));

        // An out-of-range score refuses the whole save with a message naming the line and the range.
        var first = subCriteria[0];
        var bad = await SelfAssessmentApp.Post(unit, form, "Save", [F($"Lines[{first.Index}].Code", first.Code), F($"Lines[{first.Index}].Points", "99")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains($"{first.Code}: Điểm 99 nằm ngoài khoảng cho phép 0 –", Text(bad));
        // Submitting with unscored lines says which.
        var incomplete = await SelfAssessmentApp.Post(unit, form, "Submit", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        Assert.Contains("Chưa chấm điểm các tiêu chí thành phần", Text(incomplete));

        // Draft: every sub-criterion at its maximum ("1,5" style with a comma), a justification each; a bonus claimed.
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (code, i) in lines)
        {
            fields.Add(F($"Lines[{i}].Code", code));
            var points = max.TryGetValue(code, out var m) ? m : code == "T1" ? 0.5m : 0m;
            fields.Add(F($"Lines[{i}].Points", points.ToString(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))));
            fields.Add(F($"Lines[{i}].Text", $"Căn cứ báo cáo {code}"));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(unit, form, "Save", fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Upload(unit, form, first.Code, "bao-cao.pdf", SelfAssessmentApp.Pdf())).StatusCode);
        var submitted = await SelfAssessmentApp.Post(unit, form, "Submit", fields);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var selfTotal = max.Where(kv => subCriteria.Any(s => s.Code == kv.Key)).Sum(kv => kv.Value) + 0.5m;

        // Once submitted the unit cannot change its scores.
        var late = await SelfAssessmentApp.Post(unit, form, "Save", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("không thể sửa", Text(late));

        // Round 1: two sub-criteria adjusted; without a reason it is refused, with reasons it is sent.
        var appraiser = await app.CreateClientAs(Roles.Appraiser, followRedirects: false);
        var unitId = await app.UnitId("SO-TC");
        var page = $"/appraisal/{periodId}/units/{unitId}";
        var (a1, a2) = (subCriteria[0], subCriteria[1]);
        var adjust = new List<KeyValuePair<string, string>>
        {
            F($"Lines[{a1.Index}].Code", a1.Code), F($"Lines[{a1.Index}].Points", "0"),
            F($"Lines[{a2.Index}].Code", a2.Code), F($"Lines[{a2.Index}].Points", "0,5"),
        };
        var noReason = await SelfAssessmentApp.Post(appraiser, page, "Round1Complete", adjust);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains($"{a1.Code}: điều chỉnh điểm phải ghi lý do.", Text(noReason));
        adjust.Add(F($"Lines[{a1.Index}].Text", "Thiếu tài liệu kiểm chứng"));
        adjust.Add(F($"Lines[{a2.Index}].Text", "Chỉ hoàn thành một phần kế hoạch"));
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(appraiser, page, "Round1Complete", adjust)).StatusCode);

        var calendar = app.Services.GetRequiredService<WorkingCalendar>();
        var a = await app.WithDb(db => db.UnitAssessments.Include(x => x.Scores).SingleAsync(x => x.PeriodId == periodId && x.UnitId == unitId));
        Assert.Equal(AssessmentState.ExplanationOpen, a.State);
        Assert.Equal(calendar.AddWorkingDays(app.Today, 3), a.ExplanationDeadline);
        Assert.Equal(2, a.Scores.Count(s => s.AdjustedInRound1));

        // The unit sees the draft result with the reasons, explains one adjustment and adds evidence.
        html = await unit.GetStringAsync(form);
        Assert.Contains("Thiếu tài liệu kiểm chứng", html);
        Assert.Contains("Chỉ hoàn thành một phần kế hoạch", html);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Upload(unit, form, a1.Code, "bo-sung.pdf", SelfAssessmentApp.Pdf())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(unit, form, "SendExplanation",
            [F($"Lines[{a1.Index}].Code", a1.Code), F($"Lines[{a1.Index}].Text", "Đã bổ sung quyết định ban hành kế hoạch")])).StatusCode);

        // Round 2 accepts the explanation (back to the unit's score, with a reason); approval needs the council's decision.
        Assert.Contains("Đã bổ sung quyết định ban hành kế hoạch", await appraiser.GetStringAsync(page));
        var back = max[a1.Code].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(appraiser, page, "Round2Complete",
            [F($"Lines[{a1.Index}].Code", a1.Code), F($"Lines[{a1.Index}].Points", back), F($"Lines[{a1.Index}].Text", "Chấp nhận giải trình")])).StatusCode);
        var noDecision = await SelfAssessmentApp.Post(appraiser, page, "Approve", [F("councilDecision", " ")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDecision.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(appraiser, page, "Approve", [F("councilDecision", "Biên bản số 12/BB-HĐTĐ")])).StatusCode);

        // Locked: neither side can change anything any more.
        var afterUnit = await SelfAssessmentApp.Post(unit, form, "Upload", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterUnit.StatusCode);
        var afterAppraiser = await SelfAssessmentApp.Post(appraiser, page, "Round2Save", [F($"Lines[{a2.Index}].Code", a2.Code), F($"Lines[{a2.Index}].Points", "1"), F($"Lines[{a2.Index}].Text", "x")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterAppraiser.StatusCode);
        Assert.Contains("khóa", Text(afterAppraiser));
        var appraiserLocked = await app.WithDb(db => Assert.ThrowsAsync<DomainException>(() => Appraisal.Approve(db, a.Id, "again", "appraiser", DateTime.UtcNow, default)));
        Assert.Equal("assessment-locked", appraiserLocked.Code);

        // The seam to Scoring: approved points per unit and line; the unit's page shows the approved total.
        var scores = await app.WithDb(db => AppraisedScores.ForRound(db, roundId, PeriodKind.Year));
        var mine = scores.Where(s => s.UnitId == unitId).ToDictionary(s => s.Code);
        Assert.Equal(max[a1.Code], mine[a1.Code].Points);
        Assert.Equal(0.5m, mine[a2.Code].Points);
        Assert.Equal(0.5m, mine["T1"].Points);
        Assert.Equal("Biên bản số 12/BB-HĐTĐ", mine[a1.Code].CouncilDecision);
        var expected = selfTotal - max[a2.Code] + 0.5m;
        Assert.Equal(expected, (await app.WithDb(db => AppraisedScores.TotalsForRound(db, roundId, PeriodKind.Year)))[unitId]);
        html = await unit.GetStringAsync(form);
        Assert.Contains($"<strong id=\"approved-total\">{expected.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))}</strong>", html);

        // Every step is timestamped and audited, in order.
        var actions = await app.WithDb(db => db.AuditEntries.Where(e => e.EntityType == nameof(UnitAssessment) && e.EntityId == a.Id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        var steps = actions.Where(x => x.EndsWith("submit") || x.EndsWith("complete") || x.EndsWith("approve")).ToList();
        Assert.Equal(["assessment.submit", "assessment.round1.complete", "assessment.explanation.submit", "assessment.round2.complete", "assessment.approve"], steps);
        Assert.Equal(2, actions.Count(x => x == "assessment.evidence.add"));
        var stamped = await app.WithDb(db => db.UnitAssessments.SingleAsync(x => x.Id == a.Id));
        Assert.All(new DateTime?[] { stamped.SubmittedAt, stamped.Round1CompletedAt, stamped.ExplainedAt, stamped.Round2CompletedAt, stamped.ApprovedAt }, t => Assert.NotNull(t));
        Assert.Contains("Hội đồng phê duyệt, khóa kết quả", html);

        // The pages keep to the strict CSP: no inline script, style or handlers.
        foreach (var body in new[] { html, await appraiser.GetStringAsync(page), await appraiser.GetStringAsync($"/appraisal?periodId={periodId}") })
        {
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", body);
            Assert.DoesNotMatch("<style", body);
            Assert.DoesNotMatch("\\sstyle=\"", body);
            Assert.DoesNotMatch("\\son[a-z]+=\"", body);
        }
    }

    [Fact]
    public async Task A_unit_reporter_sees_only_their_own_unit_and_another_units_evidence_is_not_found()
    {
        var (_, periodId, _) = await app.Periods();
        var (a, _, _) = await app.Reporter("SO-XD");
        var (b, _, _) = await app.Reporter("SO-YT");
        var form = $"/self-assessment/{periodId}";
        var lines = SelfAssessmentApp.Lines(await a.GetStringAsync(form));
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Upload(a, form, lines[0].Code, "mat.pdf", SelfAssessmentApp.Pdf())).StatusCode);
        var fileId = await app.WithDb(db => db.EvidenceFiles.Where(f => f.FileName == "mat.pdf").Select(f => f.Id).SingleAsync());
        var aName = await app.WithDb(db => db.Units.Where(u => u.Code == "SO-XD").Select(u => u.Name).FirstAsync());
        var bName = await app.WithDb(db => db.Units.Where(u => u.Code == "SO-YT").Select(u => u.Name).FirstAsync());

        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/self-assessment/evidence/{fileId}")).StatusCode);
        var bForm = await b.GetStringAsync(form);
        Assert.Contains(bName, bForm);
        Assert.DoesNotContain(aName, bForm);
        Assert.DoesNotContain("mat.pdf", bForm);
        // Another unit's file id answers exactly like an id that does not exist.
        var foreign = await b.GetAsync($"/self-assessment/evidence/{fileId}");
        var missing = await b.GetAsync("/self-assessment/evidence/999999");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(missing.StatusCode, foreign.StatusCode);
        static string WithoutTrace(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");
        Assert.Equal(WithoutTrace(await missing.Content.ReadAsStringAsync()), WithoutTrace(await foreign.Content.ReadAsStringAsync()));
        // The appraisal pages and another unit's appraisal page are refused; a period id that is not the unit's round is 404.
        var unitA = await app.UnitId("SO-XD");
        Assert.Contains("/denied", (await b.GetAsync($"/appraisal/{periodId}/units/{unitA}")).Headers.Location?.OriginalString);
        Assert.Contains("/denied", (await b.GetAsync($"/appraisal/evidence/{fileId}")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync("/self-assessment/999999")).StatusCode);
        // Unit reporters see none of the staff pages.
        Assert.Contains("/denied", (await b.GetAsync("/")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await b.GetAsync("/api/v1/rounds/")).StatusCode);
        // Nothing B posted reached A's assessment.
        var before = await app.WithDb(db => db.AuditEntries.CountAsync(e => e.Actor.StartsWith("reporter-")));
        await SelfAssessmentApp.Post(b, form, "Save", [F($"Lines[{lines[0].Index}].Code", lines[0].Code), F($"Lines[{lines[0].Index}].Points", "0")]);
        var aScore = await app.WithDb(db => db.AssessmentScores.Where(s => s.Code == lines[0].Code && db.UnitAssessments.Any(x => x.Id == s.AssessmentId && x.UnitId == unitA)).Select(s => s.SelfPoints).SingleAsync());
        Assert.Null(aScore);
        Assert.True(await app.WithDb(db => db.AuditEntries.CountAsync(e => e.Actor.StartsWith("reporter-"))) > before);
    }

    [Fact]
    public async Task An_account_without_a_unit_sees_a_notice_and_no_form()
    {
        var (_, periodId, _) = await app.Periods();
        var (c, _, _) = await app.Reporter(null);
        Assert.Contains("chưa được gắn với đơn vị", await c.GetStringAsync("/self-assessment"));
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/self-assessment/{periodId}")).StatusCode);
    }

    [Fact]
    public async Task Evidence_is_checked_by_its_bytes_and_size_and_served_only_as_an_attachment()
    {
        var (_, periodId, _) = await app.Periods();
        var (u, _, _) = await app.Reporter("SO-GDDT");
        var form = $"/self-assessment/{periodId}";
        var code = SelfAssessmentApp.Lines(await u.GetStringAsync(form))[0].Code;

        var exe = await SelfAssessmentApp.Upload(u, form, code, "bao-cao.pdf", [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, exe.StatusCode);
        Assert.Contains("không phải là tài liệu được chấp nhận", Text(exe));
        var html = await SelfAssessmentApp.Upload(u, form, code, "anh.png", Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>"), "image/png");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, html.StatusCode);
        var script = await SelfAssessmentApp.Upload(u, form, code, "x.svg", Encoding.ASCII.GetBytes("<svg onload=alert(1)>"), "image/svg+xml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, script.StatusCode);
        var big = await SelfAssessmentApp.Upload(u, form, code, "lon.pdf", SelfAssessmentApp.Pdf((int)SelfAssessmentApp.MaxEvidence + 1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, big.StatusCode);
        Assert.Contains("lớn hơn giới hạn", Text(big));
        Assert.Equal(0, await app.WithDb(db => db.EvidenceFiles.CountAsync(f => f.Code == code && db.UnitAssessments.Any(a => a.Id == f.AssessmentId && a.Unit!.Code == "SO-GDDT"))));

        var ok = await SelfAssessmentApp.Upload(u, form, code, "../../wwwroot/Quyết định 01.pdf", SelfAssessmentApp.Pdf(), "text/html");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var file = await app.WithDb(db => db.EvidenceFiles.SingleAsync(f => f.FileName == "Quyết định 01.pdf"));
        Assert.Equal("application/pdf", file.ContentType); // sniffed, not the claimed text/html
        var store = app.Services.GetRequiredService<EvidenceStore>();
        var path = store.PathOf(file.StorageName);
        Assert.True(File.Exists(path));
        Assert.StartsWith(Path.GetDirectoryName(app.DatabasePath)!, path);
        Assert.DoesNotContain("wwwroot", path);
        Assert.NotEqual(HttpStatusCode.OK, (await u.GetAsync("/evidence/" + file.StorageName)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await u.GetAsync("/" + file.StorageName)).StatusCode);

        foreach (var client in new[] { u, await app.CreateClientAs(Roles.Appraiser, followRedirects: false) })
        {
            var url = client == u ? $"/self-assessment/evidence/{file.Id}" : $"/appraisal/evidence/{file.Id}";
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("Quyết định 01.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(SelfAssessmentApp.Pdf(), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_late_submission_is_refused_until_the_working_group_extends_the_deadline_and_overdue_units_show_on_the_dashboard()
    {
        var (roundId, _, halfYear) = await app.Periods();
        var (u, _, _) = await app.Reporter("SO-NV");
        var form = $"/self-assessment/{halfYear}";
        var lines = SelfAssessmentApp.Lines(await u.GetStringAsync(form));
        var fields = lines.SelectMany(l => new[] { F($"Lines[{l.Index}].Code", l.Code), F($"Lines[{l.Index}].Points", "0") }).ToList();
        var late = await SelfAssessmentApp.Post(u, form, "Submit", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains($"Đã quá hạn nộp tự đánh giá ({app.Today.AddDays(-1):dd/MM/yyyy})", Text(late));

        var appraiser = await app.CreateClientAs(Roles.Appraiser, followRedirects: false);
        var dashboard = await appraiser.GetStringAsync($"/appraisal?roundId={roundId}&periodId={halfYear}");
        Assert.Contains("<tr data-unit=\"SO-NV\" class=\"overdue\">", dashboard);

        var unitId = await app.UnitId("SO-NV");
        var page = $"/appraisal/{halfYear}/units/{unitId}";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SelfAssessmentApp.Post(appraiser, page, "Extend", [F("until", app.Today.AddDays(3).ToString("yyyy-MM-dd"))])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(appraiser, page, "Extend",
            [F("until", app.Today.AddDays(3).ToString("yyyy-MM-dd")), F("reason", "Đơn vị sáp nhập, đề nghị gia hạn")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Post(u, form, "Submit", fields)).StatusCode);
        dashboard = await appraiser.GetStringAsync($"/appraisal?roundId={roundId}&periodId={halfYear}");
        Assert.DoesNotContain("<tr data-unit=\"SO-NV\" class=\"overdue\">", dashboard);
    }

    [Fact]
    public async Task Explanations_after_the_window_are_refused_and_only_then_may_the_working_group_close_it()
    {
        var (_, periodId, _) = await app.Periods();
        var unitId = await app.UnitId("SO-TP");
        var calendar = app.Services.GetRequiredService<WorkingCalendar>();
        var now = DateTime.UtcNow;
        var assessmentId = await app.WithDb(async db =>
        {
            var a = await UnitSelfAssessment.Open(db, periodId, unitId, "unit", now, default);
            await UnitSelfAssessment.SaveDraft(db, periodId, unitId, a.Scores.ToDictionary(s => s.Code, s => new UnitSelfAssessment.Entry(0m, null)), "unit", now, default);
            await UnitSelfAssessment.Submit(db, periodId, unitId, "unit", now, default);
            await Appraisal.CompleteRound1(db, calendar, a.Id, "appraiser", now, default);
            return a.Id;
        });
        var deadline = await app.WithDb(db => db.UnitAssessments.Where(a => a.Id == assessmentId).Select(a => a.ExplanationDeadline!.Value).SingleAsync());
        var onDeadline = deadline.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc);        // 23:00 in Hanoi: still on time
        var dayAfter = deadline.AddDays(1).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc); // 08:00 next day in Hanoi

        await app.WithDb(async db =>
        {
            var early = await Assert.ThrowsAsync<DomainException>(() => Appraisal.CloseExplanationWindow(db, assessmentId, "appraiser", onDeadline, default));
            Assert.Equal("assessment-window-open", early.Code);
            var code = (await db.AssessmentScores.FirstAsync(s => s.AssessmentId == assessmentId)).Code;
            await UnitSelfAssessment.SaveExplanations(db, periodId, unitId, new Dictionary<string, string?> { [code] = "kịp hạn" }, "unit", onDeadline, default);
            var late = await Assert.ThrowsAsync<DomainException>(() => UnitSelfAssessment.SaveExplanations(db, periodId, unitId, new Dictionary<string, string?> { [code] = "muộn" }, "unit", dayAfter, default));
            Assert.Equal("assessment-late", late.Code);
            Assert.Contains("Đã hết hạn giải trình", late.Message);
            await Appraisal.CloseExplanationWindow(db, assessmentId, "appraiser", dayAfter, default);
            return 0;
        });
        Assert.Equal(AssessmentState.Explained, await app.WithDb(db => db.UnitAssessments.Where(a => a.Id == assessmentId).Select(a => a.State).SingleAsync()));
    }
}
