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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ParIndexDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (catalogChanged, detect) = BeforeSave();
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            AfterSave(catalogChanged);
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (catalogChanged, detect) = BeforeSave();
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AfterSave(catalogChanged);
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>Set when a catalog change was saved inside a transaction: the node's catalog is dropped again at the commit.</summary>
    internal bool CatalogChangedInTransaction { get; set; }

    // Contexts are pooled (DatabaseSetup): what this class keeps of its own is cleared when a lease ends, as EF clears its own.
    public override void Dispose()
    {
        CatalogChangedInTransaction = false;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        CatalogChangedInTransaction = false;
        return base.DisposeAsync();
    }

    // The audit log is evidence: an entry, once written, is never edited or removed through the application.
    // And a change to what the forms read (rounds, units, groups, questionnaires) must reach this node's catalog.
    // Changes are detected once, here; the save itself then does not walk every tracked entity a second time.
    private (bool CatalogChanged, bool AutoDetect) BeforeSave()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        var catalogChanged = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                throw new DomainException("audit-append-only", "Audit entries are append-only and cannot be changed or deleted.");
            }
            if (entry.Entity is Round or UnitType or Unit or RespondentGroup or Questionnaire or QuestionnaireVersion) catalogChanged = true;
        }
        return (catalogChanged, autoDetect);
    }

    private void AfterSave(bool catalogChanged)
    {
        if (!catalogChanged) return;
        // Dropped now for this node's next reads, and — when a transaction is open — again once it commits, so a read
        // that raced the commit and cached the old rows is not kept.
        Features.Collection.CollectionCatalog.For(this).Invalidate();
        if (Database.CurrentTransaction is not null) CatalogChangedInTransaction = true;
    }
}
