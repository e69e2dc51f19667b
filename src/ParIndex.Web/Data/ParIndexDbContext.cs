using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Data;

public sealed class ParIndexDbContext(DbContextOptions<ParIndexDbContext> options) : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
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
    public DbSet<Core.FieldEntry.PaperForm> PaperForms => Set<Core.FieldEntry.PaperForm>();
    public DbSet<Core.FieldEntry.KeyedEntry> KeyedEntries => Set<Core.FieldEntry.KeyedEntry>();
    public DbSet<Core.FieldEntry.Discrepancy> Discrepancies => Set<Core.FieldEntry.Discrepancy>();
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
        GuardAuditLog();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAuditLog();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // The audit log is evidence: an entry, once written, is never edited or removed through the application.
    private void GuardAuditLog()
    {
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new DomainException("audit-append-only", "Audit entries are append-only and cannot be changed or deleted.");
        }
    }
}
