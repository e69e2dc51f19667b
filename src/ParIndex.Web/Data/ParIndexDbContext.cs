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
