using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Demo;

/// <summary>
/// Seeds the demo round "Chỉ số CCHC 2026" on a database without rounds: units, groups, criteria, the default
/// questionnaires (published), a few hundred sampled respondents with invitations, and synthetic responses so every
/// page has something to show. Deterministic (fixed seed) so screenshots and tests are stable.
/// </summary>
public static class DemoSeeder
{
    private const string Actor = "system:demo-seed";

    /// <param name="tokens">Derives re-printable links; without it (CLI) demo links are plain random tokens nobody can print.</param>
    public static async Task SeedIfEmptyAsync(ParIndexDbContext db, DateTime now, ILogger log, CancellationToken ct, Distribution.LinkTokens? tokens = null)
    {
        if (await db.Rounds.AnyAsync(ct)) return;
        var rng = new Random(2026);
        await using var tx = await UnitOfWork.BeginAsync(db, ct);

        var round = new Round
        {
            Code = DemoData.RoundCode, Name = "Chỉ số CCHC 2026", NameEn = "PAR Index 2026", Year = 2026,
            PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 10, 31),
            FieldworkStart = new DateOnly(2026, 10, 1), FieldworkEnd = new DateOnly(2026, 12, 15),
            Status = RoundStatus.Fieldwork, SurveyPoints = 30, AppraisalPoints = 70, CreatedAt = now,
        };
        var types = Rounds.CreateRound.StandardUnitTypes.Select((t, i) => new UnitType { Code = t.Code, Name = t.Name, NameEn = t.NameEn, SortOrder = i }).ToList();
        round.UnitTypes.AddRange(types);
        var so = types.Single(t => t.Code == "SO");
        var xa = types.Single(t => t.Code == "XA");
        round.Units.AddRange(DemoData.Departments.Select((d, i) => new Unit { Code = d.Code, Name = d.Name, UnitType = so, SortOrder = i }));
        round.Units.AddRange(DemoData.Communes.Select((c, i) => new Unit { Code = c.Code, Name = c.Name, ParentArea = c.Area, UnitType = xa, SortOrder = i }));
        round.RespondentGroups.AddRange(DemoData.Groups.Select((g, i) => new RespondentGroup
        {
            Code = g.Code, Name = g.Name, NameEn = g.NameEn, UnitType = g.UnitType == "SO" ? so : xa, RatesManyUnits = g.RatesMany, ScoreWeight = 1, SortOrder = i,
        }));
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);

        foreach (var type in new[] { so, xa })
            await Rounds.SetCriteria.Handle(db, round.Id, type.Code, DemoData.Criteria, Actor, now, ct);

        var versions = await SeedQuestionnaires(db, round, now, ct);
        await SeedSample(db, round, versions, rng, now, tokens, ct);
        db.Record(Actor, "round.seed-demo", nameof(Round), round.Id, null, new { round.Code }, now, round.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded demo round {Code} with {Units} units", round.Code, round.Units.Count);
    }

    internal static async Task<Dictionary<int, (QuestionnaireVersion Version, QuestionnaireDefinition Definition)>> SeedQuestionnaires(
        ParIndexDbContext db, Round round, DateTime now, CancellationToken ct)
    {
        var result = new Dictionary<int, (QuestionnaireVersion, QuestionnaireDefinition)>();
        var definitions = Questionnaires.DefaultQuestionnaires.All().ToList();
        foreach (var group in round.RespondentGroups)
        {
            // The demo citizens of xã/phường answer the short demo form (quick to try from the printed link); every other
            // group gets its full 2026 default questionnaire.
            var definition = definitions.FirstOrDefault(d => d.RespondentGroup == group.Code && d.Id.StartsWith("DEMO", StringComparison.Ordinal))
                ?? definitions.FirstOrDefault(d => d.RespondentGroup == group.Code);
            if (definition is null) continue;
            var version = new QuestionnaireVersion
            {
                Number = 1, Status = QuestionnaireVersionStatus.Draft, DefinitionJson = QuestionnaireSerializer.ToJson(definition), CreatedAt = now,
            };
            version.Publish(QuestionnaireSerializer.ContentHash(definition), now);
            db.Questionnaires.Add(new Questionnaire
            {
                RoundId = round.Id, RespondentGroupId = group.Id, Code = definition.Id, Title = definition.Title.Get("vi"), Versions = [version],
            });
            await db.SaveChangesAsync(ct);
            result[group.Id] = (version, definition);
        }
        return result;
    }

    /// <param name="shift">Per unit code, moves the synthetic answers about that unit (<see cref="SyntheticAnswers.For"/>); the demo's earlier years use it.</param>
    internal static async Task SeedSample(ParIndexDbContext db, Round round, Dictionary<int, (QuestionnaireVersion Version, QuestionnaireDefinition Definition)> versions,
        Random rng, DateTime now, Distribution.LinkTokens? tokens, CancellationToken ct, Func<string?, double>? shift = null)
    {
        var serial = 0;
        foreach (var group in round.RespondentGroups)
        {
            var spec = DemoData.Groups.Single(g => g.Code == group.Code);
            var units = round.Units.Where(u => u.UnitTypeId == group.UnitTypeId).ToList();
            var members = new List<Respondent>();
            if (group.RatesManyUnits)
            {
                // Officials: a census of the group (every delegate, every chair), weight 1.
                for (var i = 0; i < spec.PerUnitOrTotal; i++) members.Add(NewRespondent(round, group, null, ++serial, now, stratum: group.Code, pi: 1, fpc: spec.PerUnitOrTotal));
            }
            else
            {
                foreach (var unit in units)
                {
                    // Citizens: a simple random sample within each unit from a frame of households (sizes invented for the demo).
                    var frameSize = group.Code.EndsWith("DAN", StringComparison.Ordinal) ? rng.Next(4_000, 30_000) : rng.Next(15, 60);
                    for (var i = 0; i < spec.PerUnitOrTotal; i++)
                        members.Add(NewRespondent(round, group, unit, ++serial, now, stratum: unit.Code, pi: (double)spec.PerUnitOrTotal / frameSize, fpc: frameSize));
                }
            }
            db.Respondents.AddRange(members);
            await db.SaveChangesAsync(ct);
            var invitations = members.Select(m => tokens is null
                ? new Invitation { RespondentId = m.Id, TokenHash = Tokens.Hash(Tokens.NewToken()), Channel = InvitationChannel.Link, CreatedAt = now }
                : Distribution.ManageInvitations.NewInvitation(m.Id, InvitationChannel.Link, null, null, now)).ToList();
            db.Invitations.AddRange(invitations);
            await db.SaveChangesAsync(ct);
            if (tokens is not null) invitations.ForEach(i => tokens.Seal(i));
            foreach (var m in members)
            {
                db.RespondentContacts.Add(new RespondentContact { RespondentId = m.Id, FullName = $"Người trả lời {m.Code}", Email = $"{m.Code.ToLowerInvariant()}@example.invalid" });
            }
            await db.SaveChangesAsync(ct);

            if (!versions.TryGetValue(group.Id, out var q)) continue;
            var ratedUnits = units.Select(u => new RatedUnit(u.Code, u.Name)).ToList();
            var engine = AnswerEngine.Create(q.Definition);
            var submissions = new List<PreparedSubmission>();
            foreach (var m in members.Where(_ => rng.NextDouble() < 0.55))
            {
                // Store what the engine would store from a real form: hidden items (e.g. units not dealt with) dropped.
                var own = units.FirstOrDefault(u => u.Id == m.UnitId)?.Code;
                var data = engine.Validate(SyntheticAnswers.For(q.Definition, ratedUnits, rng, shift is null ? null : code => shift(code ?? own)), ratedUnits).Cleaned;
                var started = now.AddDays(-rng.Next(1, 40)).AddMinutes(-rng.Next(0, 600));
                var mode = rng.NextDouble() < 0.8 ? ResponseMode.Web : ResponseMode.Paper;
                var sets = new List<(int?, string)> { (null, JsonSerializer.Serialize(data.Answers)) };
                foreach (var (code, answers) in data.Units) sets.Add((units.Single(u => u.Code == code).Id, JsonSerializer.Serialize(answers)));
                var invitation = await db.Invitations.FirstAsync(i => i.RespondentId == m.Id, ct);
                invitation.MarkOpened(started);
                submissions.Add(new PreparedSubmission(Guid.NewGuid(), round.Id, m.Id, group.Id, m.UnitId, q.Version.Id, invitation.Id, mode, "vi", "phone",
                    started, started.AddMinutes(rng.Next(6, 45)), sets));
            }
            await db.SaveChangesAsync(ct);
            // Through the one writer of responses, as a batch: the round rule applies, the invitations are marked used.
            var stored = await SubmitResponse.Store(db, NoProgressEvents.Instance, submissions, ct);
            if (stored.FirstOrDefault(o => o is not SubmitOutcome.Accepted) is { } refused)
                throw new InvalidOperationException($"The demo seed's answers were refused: {refused}.");
        }
    }

    private static Respondent NewRespondent(Round round, RespondentGroup group, Unit? unit, int serial, DateTime now, string stratum, double pi, double fpc) => new()
    {
        RoundId = round.Id, RespondentGroupId = group.Id, UnitId = unit?.Id, Code = $"R{serial.ToString("00000", CultureInfo.InvariantCulture)}",
        FrameId = $"F{serial}", Stratum = stratum, Psu = $"R{serial}", Pi1 = pi, Pi2 = 1, DesignWeight = 1 / pi, Fpc1 = fpc,
        Status = RespondentStatus.Active, CreatedAt = now,
    };

    /// <summary>
    /// The personal link of the first demo citizen who has not answered yet. Tokens are derived from the link secret,
    /// so the same link is printed on every start; a member whose link cannot be re-rendered gets a new one.
    /// Returns null when no such member is left.
    /// </summary>
    public static async Task<string?> IssueDemoLinkAsync(ParIndexDbContext db, Distribution.LinkTokens tokens, DateTime now, CancellationToken ct)
    {
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Code == DemoData.RoundCode, ct);
        if (round is null) return null;
        var member = await db.Respondents
            .Where(r => r.RoundId == round.Id && r.Status == RespondentStatus.Active && r.RespondentGroup!.Code == "XA-DAN"
                        && !db.Responses.Any(x => x.RespondentId == r.Id))
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (member is null) return null;
        var active = await db.Invitations.Where(i => i.RespondentId == member.Id && i.Status == InvitationStatus.Active).ToListAsync(ct);
        if (active.FirstOrDefault(i => i.Salt != null && i.IsUsableAt(now)) is { } printable && tokens.TokenOf(printable) is { } existing
            && Tokens.Hash(existing) == printable.TokenHash)
            return existing;
        foreach (var old in active) old.Revoke(now);
        var invitation = Distribution.ManageInvitations.NewInvitation(member.Id, InvitationChannel.Link, null, null, now);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        var token = tokens.Seal(invitation);
        db.Record(Actor, "invitation.issue-demo", nameof(Respondent), member.Id, null, new { member.Code }, now, round.Id);
        await db.SaveChangesAsync(ct);
        return token;
    }
}
