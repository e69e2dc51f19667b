using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>One screen of the phone form: a section, or one unit of a unit grid.</summary>
public sealed record FormStep(string SectionId, string? UnitCode)
{
    public string Key => UnitCode is null ? SectionId : $"{SectionId}|{UnitCode}";

    public static FormStep? Parse(string? key) => key?.Split('|') switch
    {
        [var s] when s.Length > 0 => new FormStep(s, null),
        [var s, var u] when s.Length > 0 && u.Length > 0 => new FormStep(s, u),
        _ => null,
    };
}

/// <summary>Paradata of a web response, for quality checks: when, how long per section, on what, by which mode.</summary>
public sealed class Paradata
{
    public DateTime Started { get; set; }
    public DateTime? Ended { get; set; }
    public string Mode { get; set; } = "web";
    public string? Device { get; set; }
    /// <summary>Seconds spent per section (a grid adds up over its units); one idle screen counts at most 30 minutes.</summary>
    public Dictionary<string, double> SecondsPerSection { get; set; } = [];
    /// <summary>Where the respondent is: the step key shown on the next opening of the link.</summary>
    public string? Position { get; set; }
    public int Saves { get; set; }

    public void AddTime(string sectionId, TimeSpan spent) =>
        SecondsPerSection[sectionId] = Math.Round(SecondsPerSection.GetValueOrDefault(sectionId) + Math.Clamp(spent.TotalSeconds, 0, 1800), 1);
}

/// <summary>
/// Autosave and resume of the phone form. Each completed screen is saved into the member's InProgress response (one per
/// member, by the unique index), so reopening the link on any device resumes at the same screen with every answer.
/// </summary>
public static class FormProgress
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The screens of a form for the current answers: visible sections in order, a grid unrolled one unit per screen.</summary>
    public static List<FormStep> Steps(QuestionnaireDefinition definition, FormState state) =>
        definition.Sections.Where(s => state.IsSectionVisible(s.Id))
            .SelectMany(s => s.Grid is null ? [new FormStep(s.Id, null)] : state.UnitsOf(s.Id).Select(u => new FormStep(s.Id, u.Code)))
            .ToList();

    public sealed record Saved(Response? Response, ResponseData Data, Paradata Paradata);

    public static async Task<Saved> Load(ParIndexDbContext db, LinkContext link, CancellationToken ct)
    {
        var response = await db.Responses.Include(r => r.AnswerSets).FirstOrDefaultAsync(r => r.RespondentId == link.Respondent!.Id, ct);
        var data = new ResponseData();
        if (response is null) return new Saved(null, data, new Paradata());
        var codes = link.RatedUnits!.ToDictionary(u => u.Id, u => u.Code);
        foreach (var set in response.AnswerSets)
        {
            var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(set.AnswersJson) ?? [];
            var unit = set.RatedUnitId is { } id ? codes.GetValueOrDefault(id) : null;
            if (set.RatedUnitId is not null && unit is null) continue;
            foreach (var (item, value) in answers) data.Set(item, value, unit);
        }
        var paradata = response.ParadataJson is { } p ? JsonSerializer.Deserialize<Paradata>(p, Json) ?? new() : new Paradata { Started = response.StartedAt };
        return new Saved(response, data, paradata);
    }

    /// <summary>
    /// Writes the answers so far and the paradata into the InProgress response, creating it on the first screen. False,
    /// and nothing written, when the round no longer takes answers (<see cref="RoundIntake"/>, read from the database:
    /// the link was opened against the node's catalog, which may be seconds behind another node's change).
    /// </summary>
    public static async Task<bool> Save(ParIndexDbContext db, LinkContext link, Saved saved, Guid clientId, string language, DateTime now, CancellationToken ct)
    {
        var response = saved.Response;
        if (response is { Status: ResponseStatus.Submitted }) return true;
        if (!await db.Rounds.Where(r => r.Id == link.Respondent!.RoundId).Where(RoundIntake.TakesAnswersQuery).AnyAsync(ct)) return false;
        if (response is null)
        {
            var respondent = link.Respondent!;
            response = new Response
            {
                ClientId = clientId, RoundId = respondent.RoundId, RespondentId = respondent.Id, RespondentGroupId = respondent.RespondentGroupId,
                UnitId = respondent.UnitId, QuestionnaireVersionId = link.Version!.Id, InvitationId = link.Invitation!.Id,
                Mode = ResponseMode.Web, Status = ResponseStatus.InProgress, StartedAt = saved.Paradata.Started,
            };
            db.Responses.Add(response);
        }
        var ids = link.RatedUnits!.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal);
        response.AnswerSets.Clear();
        response.AnswerSets.Add(new AnswerSet { AnswersJson = JsonSerializer.Serialize(saved.Data.Answers) });
        foreach (var (code, answers) in saved.Data.Units.Where(u => u.Value.Count > 0 && ids.ContainsKey(u.Key)))
            response.AnswerSets.Add(new AnswerSet { RatedUnitId = ids[code], AnswersJson = JsonSerializer.Serialize(answers) });
        saved.Paradata.Saves++;
        response.ParadataJson = JsonSerializer.Serialize(saved.Paradata, Json);
        response.DeviceClass = saved.Paradata.Device;
        response.Language = language;
        response.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (SubmitResponse.IsUniqueViolation(e))
        {
            // Two devices started the same member's first screen at once: the other one's row wins; this screen is re-shown.
            db.ChangeTracker.Clear();
            throw new DomainException("response-conflict", "Another device started this form at the same moment; reload the page.");
        }
    }

    /// <summary>Stamps the end of the response's paradata after a successful submission.</summary>
    public static async Task MarkEnded(ParIndexDbContext db, long responseId, Paradata paradata, DateTime now, CancellationToken ct)
    {
        paradata.Ended = now;
        paradata.Position = null;
        var json = JsonSerializer.Serialize(paradata, Json);
        await db.Responses.Where(r => r.Id == responseId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ParadataJson, json), ct);
    }

    public static Paradata Read(string? json) => json is null ? new Paradata() : JsonSerializer.Deserialize<Paradata>(json, Json) ?? new Paradata();
}
