using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Questionnaires;

/// <summary>What a designer's save, publish or upload came to.</summary>
public abstract record DesignOutcome
{
    /// <summary>Stored (or unchanged); <paramref name="Revision"/> is the version's revision now.</summary>
    public sealed record Saved(int VersionId, int Revision, bool Changed) : DesignOutcome;

    /// <summary>Not stored: every problem with its path. Nothing was written.</summary>
    public sealed record Rejected(IReadOnlyList<DefinitionProblem> Problems) : DesignOutcome;

    /// <summary>Not stored: someone saved the draft since the caller loaded it.</summary>
    public sealed record Conflict(int CurrentRevision, string? By, DateTime? At) : DesignOutcome;
}

/// <summary>A scoring target the round knows: a criterion code or a SIPAS element, with its name.</summary>
public sealed record TargetOption(string Code, string Name);

/// <summary>
/// The designer's use cases on questionnaire versions: save a draft, publish it (freezing it), open a new draft from
/// a published version, create a questionnaire for a group. Every change is checked by <see cref="DefinitionValidator"/>
/// first (nothing invalid is stored), guarded by the version's revision, and audited.
/// </summary>
public static class DesignQuestionnaire
{
    public static async Task<QuestionnaireVersion> LoadVersion(ParIndexDbContext db, int versionId, CancellationToken ct) =>
        await db.QuestionnaireVersions.Include(v => v.Questionnaire!).ThenInclude(q => q.RespondentGroup!).ThenInclude(g => g.UnitType)
            .FirstOrDefaultAsync(v => v.Id == versionId, ct)
        ?? throw new DomainException("not-found", $"Không có phiên bản phiếu số {versionId}.");

    /// <summary>The round's criterion codes and the SIPAS elements; the built-in defaults when the round has no criteria yet.</summary>
    public static async Task<List<TargetOption>> Targets(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var criteria = await db.Criteria.Where(c => c.RoundId == roundId).OrderBy(c => c.Code).Select(c => new TargetOption(c.Code, c.Name)).ToListAsync(ct);
        if (criteria.Count == 0) criteria = ScoringTargets.Criteria.Select(t => new TargetOption(t.Code, t.Vi)).ToList();
        return criteria.DistinctBy(c => c.Code).Concat(ScoringTargets.SipasElements.Select(t => new TargetOption(t.Code, t.Vi))).ToList();
    }

    /// <summary>Every problem of <paramref name="definition"/> as a definition of <paramref name="questionnaire"/>.</summary>
    public static async Task<List<DefinitionProblem>> Check(ParIndexDbContext db, Questionnaire questionnaire, QuestionnaireDefinition definition, CancellationToken ct)
    {
        var known = (await Targets(db, questionnaire.RoundId, ct)).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var problems = DefinitionValidator.Validate(definition, known).ToList();
        var group = questionnaire.RespondentGroup!;
        if (!string.IsNullOrWhiteSpace(definition.RespondentGroup) && definition.RespondentGroup != group.Code)
            problems.Add(new DefinitionProblem("respondentGroup", $"must be '{group.Code}', the respondent group of this questionnaire"));
        if (!string.IsNullOrWhiteSpace(definition.UnitType) && group.UnitType is { } type && definition.UnitType != type.Code)
            problems.Add(new DefinitionProblem("unitType", $"must be '{type.Code}', the unit type rated by group {group.Code}"));
        return problems;
    }

    /// <summary>Replaces a draft's definition when it is valid and the caller saw the current revision.</summary>
    public static async Task<DesignOutcome> SaveDraft(ParIndexDbContext db, int versionId, int expectedRevision, QuestionnaireDefinition definition,
        string actor, DateTime now, string action, CancellationToken ct)
    {
        var version = await LoadVersion(db, versionId, ct);
        EnsureDraft(version);
        if (db.RevisionOf(version) != expectedRevision) return ConflictOf(db, version);
        var problems = await Check(db, version.Questionnaire!, definition, ct);
        if (problems.Count > 0) return new DesignOutcome.Rejected(problems);

        var json = QuestionnaireSerializer.ToJson(definition);
        if (json == version.DefinitionJson) return new DesignOutcome.Saved(version.Id, expectedRevision, Changed: false);
        var before = QuestionnaireSerializer.FromJson(version.DefinitionJson);
        var changes = QuestionnaireDiff.Compare(before, definition).Select(c => $"{c.Kind} {c.Element} {c.Id}{(c.Fields.Count > 0 ? " (" + string.Join(", ", c.Fields) + ")" : "")}").ToList();
        version.ReplaceDefinition(json);
        version.Questionnaire!.Title = Truncate(definition.Title.Get("vi"), 500);
        db.Touch(version, actor, now);
        db.Record(actor, action, nameof(QuestionnaireVersion), version.Id,
            new { version.Number, revision = expectedRevision, hash = QuestionnaireSerializer.ContentHash(before) },
            new { version.Number, revision = expectedRevision + 1, hash = QuestionnaireSerializer.ContentHash(definition), changes }, now, version.Questionnaire.RoundId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ConflictOf(db, await LoadVersion(db, versionId, ct));
        }
        return new DesignOutcome.Saved(version.Id, expectedRevision + 1, Changed: true);
    }

    /// <summary>Publishes a draft: checks it once more, freezes it with its content hash and records who published it.</summary>
    public static async Task<DesignOutcome> Publish(ParIndexDbContext db, int versionId, int expectedRevision, string actor, DateTime now, CancellationToken ct)
    {
        var version = await LoadVersion(db, versionId, ct);
        EnsureDraft(version);
        if (db.RevisionOf(version) != expectedRevision) return ConflictOf(db, version);
        var definition = QuestionnaireSerializer.FromJson(version.DefinitionJson);
        var problems = await Check(db, version.Questionnaire!, definition, ct);
        if (problems.Count > 0) return new DesignOutcome.Rejected(problems);
        var hash = QuestionnaireSerializer.ContentHash(definition);
        version.Publish(hash, now);
        db.Entry(version).Property<string?>(VersionTracking.PublishedBy).CurrentValue = actor;
        db.Touch(version, actor, now);
        db.Record(actor, "questionnaire.publish", nameof(QuestionnaireVersion), version.Id, new { version.Number, status = "Draft" },
            new { version.Number, status = "Published", hash }, now, version.Questionnaire!.RoundId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ConflictOf(db, await LoadVersion(db, versionId, ct));
        }
        return new DesignOutcome.Saved(version.Id, expectedRevision + 1, Changed: true);
    }

    /// <summary>
    /// The questionnaire's draft to edit: the existing one, or a new version numbered after the newest, copied from it.
    /// Published versions (and the responses on them) are never touched.
    /// </summary>
    public static async Task<QuestionnaireVersion> OpenDraft(ParIndexDbContext db, int questionnaireId, string actor, DateTime now, CancellationToken ct)
    {
        var draft = await db.QuestionnaireVersions.Where(v => v.QuestionnaireId == questionnaireId && v.Status == QuestionnaireVersionStatus.Draft)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (draft is not null) return draft;
        var latest = await db.QuestionnaireVersions.Include(v => v.Questionnaire).Where(v => v.QuestionnaireId == questionnaireId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("not-found", $"Không có phiếu số {questionnaireId}.");
        draft = new QuestionnaireVersion
        {
            QuestionnaireId = questionnaireId, Number = latest.Number + 1, Status = QuestionnaireVersionStatus.Draft,
            DefinitionJson = latest.DefinitionJson, CreatedAt = now,
        };
        db.QuestionnaireVersions.Add(draft);
        db.Entry(draft).Property<string?>(VersionTracking.CreatedBy).CurrentValue = actor;
        db.Record(actor, "questionnaire.draft.create", nameof(Questionnaire), questionnaireId, new { from = latest.Number, latest.ContentHash },
            new { number = draft.Number }, now, latest.Questionnaire!.RoundId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another designer opened the draft at the same moment (unique questionnaire × number): use theirs.
            db.ChangeTracker.Clear();
            return await db.QuestionnaireVersions.Where(v => v.QuestionnaireId == questionnaireId && v.Status == QuestionnaireVersionStatus.Draft)
                .OrderByDescending(v => v.Number).FirstAsync(ct);
        }
        return draft;
    }

    /// <summary>A questionnaire for a group that has none yet, as draft version 1: the 2026 default of that group, or a one-question skeleton.</summary>
    public static async Task<QuestionnaireVersion> Create(ParIndexDbContext db, int roundId, int groupId, bool fromDefault, string actor, DateTime now, CancellationToken ct)
    {
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        var group = await db.RespondentGroups.Include(g => g.UnitType).FirstOrDefaultAsync(g => g.Id == groupId && g.RoundId == roundId, ct)
            ?? throw new DomainException("not-found", $"Không có nhóm số {groupId} trong đợt này.");
        if (await db.Questionnaires.AnyAsync(q => q.RoundId == roundId && q.RespondentGroupId == groupId, ct))
            throw new DomainException("validation-failed", $"Nhóm \"{group.Name}\" đã có phiếu; hãy sửa phiếu đó (tạo phiên bản mới).");
        var definition = fromDefault
            ? DefaultQuestionnaires.All().FirstOrDefault(d => d.RespondentGroup == group.Code && !d.Id.StartsWith("DEMO", StringComparison.Ordinal))
            : null;
        definition ??= Skeleton(group.Code, group.UnitType?.Code ?? "", group.Name, round.Year);
        var code = definition.Id;
        if (await db.Questionnaires.AnyAsync(q => q.RoundId == roundId && q.Code == code, ct)) code = definition.Id = $"{group.Code}-{round.Year}-{groupId}";
        var version = new QuestionnaireVersion { Number = 1, Status = QuestionnaireVersionStatus.Draft, DefinitionJson = QuestionnaireSerializer.ToJson(definition), CreatedAt = now };
        var questionnaire = new Questionnaire { RoundId = roundId, RespondentGroupId = groupId, Code = code, Title = Truncate(definition.Title.Get("vi"), 500), Versions = [version] };
        db.Questionnaires.Add(questionnaire);
        db.Entry(version).Property<string?>(VersionTracking.CreatedBy).CurrentValue = actor;
        await db.SaveChangesAsync(ct);
        db.Record(actor, "questionnaire.create", nameof(Questionnaire), questionnaire.Id, null,
            new { code, group = group.Code, source = fromDefault ? "default" : "blank", hash = QuestionnaireSerializer.ContentHash(definition) }, now, roundId);
        await db.SaveChangesAsync(ct);
        return version;
    }

    public static QuestionnaireDefinition Skeleton(string groupCode, string unitType, string groupName, int year) => new()
    {
        Id = $"{groupCode}-{year}",
        Title = new LocalizedText($"Phiếu khảo sát — {groupName}", $"Questionnaire — {groupCode}"),
        UnitType = unitType,
        RespondentGroup = groupCode,
        Sections =
        [
            new Section
            {
                Id = "section_1", Title = new LocalizedText("Phần 1", "Part 1"),
                Items = [new Item { Id = "q1", Type = ItemType.Likert5, Label = new LocalizedText("Câu hỏi 1", "Question 1") }],
            },
        ],
    };

    /// <summary>Reads an uploaded definition: JSON when the name ends in .json or the text starts with '{', else YAML.</summary>
    public static QuestionnaireDefinition Read(string? fileName, string text)
    {
        text = text.TrimStart('\uFEFF');
        return fileName?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true || text.TrimStart().StartsWith('{')
            ? QuestionnaireSerializer.FromJson(text)
            : QuestionnaireSerializer.FromYaml(text);
    }

    private static void EnsureDraft(QuestionnaireVersion version)
    {
        if (version.Status != QuestionnaireVersionStatus.Draft)
            throw new DomainException("questionnaire-frozen",
                $"Phiên bản {version.Number} đã phát hành và được khóa; hãy tạo phiên bản nháp mới để sửa.");
    }

    private static DesignOutcome.Conflict ConflictOf(ParIndexDbContext db, QuestionnaireVersion v)
    {
        var entry = db.Entry(v);
        return new DesignOutcome.Conflict(entry.Property<int>(VersionTracking.Revision).CurrentValue,
            entry.Property<string?>(VersionTracking.UpdatedBy).CurrentValue, entry.Property<DateTime?>(VersionTracking.UpdatedAt).CurrentValue);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
