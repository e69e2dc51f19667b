using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Data;

/// <summary>
/// The one context. On SQLite it is used as is (migrations in Data/Migrations/Sqlite); on PostgreSQL the subclass
/// <see cref="PostgresParIndexDbContext"/> carries the same model with its own migrations (Data/Migrations/Postgres).
/// </summary>
public class ParIndexDbContext : IdentityDbContext<StaffUser>, IDataProtectionKeyContext
{
    public ParIndexDbContext(DbContextOptions<ParIndexDbContext> options) : base(options) { }

    /// <summary>For the per-provider subclass, whose options are typed to itself.</summary>
    protected ParIndexDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Data-protection keys live with the data, so every node (and a restored backup) can read cookies and anti-forgery tokens.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Round> Rounds => Set<Round>();
    public DbSet<UnitType> UnitTypes => Set<UnitType>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<RespondentGroup> RespondentGroups => Set<RespondentGroup>();
    public DbSet<Criterion> Criteria => Set<Criterion>();
    public DbSet<Questionnaire> Questionnaires => Set<Questionnaire>();
    public DbSet<QuestionnaireVersion> QuestionnaireVersions => Set<QuestionnaireVersion>();
    public DbSet<Respondent> Respondents => Set<Respondent>();
    public DbSet<RespondentContact> RespondentContacts => Set<RespondentContact>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Response> Responses => Set<Response>();
    public DbSet<AnswerSet> AnswerSets => Set<AnswerSet>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Features.Distribution.EmailCampaign> EmailCampaigns => Set<Features.Distribution.EmailCampaign>();
    public DbSet<Features.Distribution.EmailDelivery> EmailDeliveries => Set<Features.Distribution.EmailDelivery>();
    public DbSet<Features.Distribution.PublicLink> PublicLinks => Set<Features.Distribution.PublicLink>();
    public DbSet<ParIndex.Core.Scoring.ScoringConfigVersion> ScoringConfigVersions => Set<ParIndex.Core.Scoring.ScoringConfigVersion>();
    public DbSet<ParIndex.Core.Scoring.ScoreRun> ScoreRuns => Set<ParIndex.Core.Scoring.ScoreRun>();
    public DbSet<ParIndex.Core.Scoring.AppraisedScore> AppraisedScores => Set<ParIndex.Core.Scoring.AppraisedScore>();
    public DbSet<ParIndex.Core.Monitoring.RecordedDisposition> RecordedDispositions => Set<ParIndex.Core.Monitoring.RecordedDisposition>();
    public DbSet<ParIndex.Core.Monitoring.QualityFlag> QualityFlags => Set<ParIndex.Core.Monitoring.QualityFlag>();
    public DbSet<ParIndex.Core.Monitoring.FieldworkPlan> FieldworkPlans => Set<ParIndex.Core.Monitoring.FieldworkPlan>();
    public DbSet<SamplingFrame> SamplingFrames => Set<SamplingFrame>();
    public DbSet<SamplingFrameVersion> SamplingFrameVersions => Set<SamplingFrameVersion>();
    public DbSet<FrameMember> FrameMembers => Set<FrameMember>();
    public DbSet<FrameMemberContact> FrameMemberContacts => Set<FrameMemberContact>();
    public DbSet<SampleDrawRecord> SampleDraws => Set<SampleDrawRecord>();
    public DbSet<SampleDrawMember> SampleDrawMembers => Set<SampleDrawMember>();
    public DbSet<UnitAssignment> UnitAssignments => Set<UnitAssignment>();
    public DbSet<SampleReplacement> SampleReplacements => Set<SampleReplacement>();
    public DbSet<ParIndex.Core.SelfAssessment.AssessmentPeriod> AssessmentPeriods => Set<ParIndex.Core.SelfAssessment.AssessmentPeriod>();
    public DbSet<ParIndex.Core.SelfAssessment.AdjustmentItem> AdjustmentItems => Set<ParIndex.Core.SelfAssessment.AdjustmentItem>();
    public DbSet<ParIndex.Core.SelfAssessment.UnitAssessment> UnitAssessments => Set<ParIndex.Core.SelfAssessment.UnitAssessment>();
    public DbSet<ParIndex.Core.SelfAssessment.AssessmentScore> AssessmentScores => Set<ParIndex.Core.SelfAssessment.AssessmentScore>();
    public DbSet<ParIndex.Core.SelfAssessment.EvidenceFile> EvidenceFiles => Set<ParIndex.Core.SelfAssessment.EvidenceFile>();
    public DbSet<ParIndex.Core.SelfAssessment.UnitReporterLink> UnitReporterLinks => Set<ParIndex.Core.SelfAssessment.UnitReporterLink>();
    public DbSet<Core.FieldEntry.PaperForm> PaperForms => Set<Core.FieldEntry.PaperForm>();
    public DbSet<Core.FieldEntry.KeyedEntry> KeyedEntries => Set<Core.FieldEntry.KeyedEntry>();
    public DbSet<Core.FieldEntry.Discrepancy> Discrepancies => Set<Core.FieldEntry.Discrepancy>();
    public DbSet<Core.FieldEntry.ResponseReview> ResponseReviews => Set<Core.FieldEntry.ResponseReview>();
    public DbSet<Core.FieldEntry.FormBatch> FormBatches => Set<Core.FieldEntry.FormBatch>();
    public DbSet<Core.FieldEntry.FieldAssignment> FieldAssignments => Set<Core.FieldEntry.FieldAssignment>();
    public DbSet<Core.FieldEntry.FieldEntrySettings> FieldEntrySettings => Set<Core.FieldEntry.FieldEntrySettings>();
    public DbSet<Core.Publication.Publication> Publications => Set<Core.Publication.Publication>();
    public DbSet<Core.Publication.RoundPredecessor> RoundPredecessors => Set<Core.Publication.RoundPredecessor>();
    public DbSet<Core.Publication.UnitLineage> UnitLineages => Set<Core.Publication.UnitLineage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ParIndexDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detect = BeforeSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detect = BeforeSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private List<Action>? afterCommit;

    /// <summary>
    /// Runs <paramref name="action"/> once what this context wrote is committed: at once when no transaction is open
    /// (a save without one has committed when it returns), else when the outermost transaction commits; never if it
    /// rolls back. How a use case tells others of its writes (the live monitor, a node's cache) only after the commit,
    /// also when it runs inside a caller's transaction (<see cref="UnitOfWork"/>). Run by <see cref="AfterCommitRunner"/>.
    /// </summary>
    public void AfterCommit(Action action)
    {
        if (Database.CurrentTransaction is null)
        {
            action();
            return;
        }
        (afterCommit ??= []).Add(action);
    }

    internal void RunAfterCommit()
    {
        if (afterCommit is not { Count: > 0 } actions) return;
        afterCommit = null;
        foreach (var action in actions) action();
    }

    internal void DiscardAfterCommit() => afterCommit = null;

    // Contexts are pooled (DatabaseSetup): what this class keeps of its own is cleared when a lease ends, as EF clears its own.
    public override void Dispose()
    {
        afterCommit = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        afterCommit = null;
        return base.DisposeAsync();
    }

    // The audit log is evidence: an entry, once written, is never edited or removed through the application.
    // Changes are detected once, here; the save itself (and the interceptors, e.g. the catalog's) then does not walk
    // every tracked entity a second time.
    private bool BeforeSave()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                throw new DomainException("audit-append-only", "Audit entries are append-only and cannot be changed or deleted.");
            }
        }
        return autoDetect;
    }
}
