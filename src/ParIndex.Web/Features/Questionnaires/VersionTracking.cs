using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Questionnaires;

/// <summary>
/// The designer's bookkeeping on a version, kept as shadow properties so the Core entity stays about the domain:
/// <c>Revision</c> (a concurrency token bumped on every save, so two designers never overwrite each other silently),
/// who saved last and when, and who published.
/// </summary>
internal sealed class QuestionnaireVersionTrackingConfiguration : IEntityTypeConfiguration<QuestionnaireVersion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireVersion> b)
    {
        b.Property<int>(VersionTracking.Revision).IsConcurrencyToken();
        b.Property<string>(VersionTracking.UpdatedBy).HasMaxLength(256);
        b.Property<DateTime?>(VersionTracking.UpdatedAt);
        b.Property<string>(VersionTracking.PublishedBy).HasMaxLength(256);
        b.Property<string>(VersionTracking.CreatedBy).HasMaxLength(256);
    }
}

public static class VersionTracking
{
    public const string Revision = "Revision";
    public const string UpdatedBy = "UpdatedBy";
    public const string UpdatedAt = "UpdatedAt";
    public const string PublishedBy = "PublishedBy";
    public const string CreatedBy = "CreatedBy";

    public static int RevisionOf(this ParIndexDbContext db, QuestionnaireVersion v) => db.Entry(v).Property<int>(Revision).CurrentValue;

    /// <summary>Records a save: bumps the revision (the concurrency token EF checks in the UPDATE) and who did it.</summary>
    public static void Touch(this ParIndexDbContext db, QuestionnaireVersion v, string actor, DateTime now)
    {
        var entry = db.Entry(v);
        entry.Property<int>(Revision).CurrentValue = entry.Property<int>(Revision).CurrentValue + 1;
        entry.Property<string?>(UpdatedBy).CurrentValue = actor;
        entry.Property<DateTime?>(UpdatedAt).CurrentValue = now;
    }
}
