using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Core.Monitoring;

namespace ParIndex.Web.Features.Monitoring;

internal sealed class RecordedDispositionConfiguration : IEntityTypeConfiguration<RecordedDisposition>
{
    public void Configure(EntityTypeBuilder<RecordedDisposition> b)
    {
        b.HasIndex(x => new { x.RoundId, x.RespondentId, x.Id });
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.FieldStaffId).HasMaxLength(256);
        b.Property(x => x.RecordedBy).HasMaxLength(256);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Respondent>().WithMany().HasForeignKey(x => x.RespondentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QualityFlagConfiguration : IEntityTypeConfiguration<QualityFlag>
{
    public void Configure(EntityTypeBuilder<QualityFlag> b)
    {
        // One flag of a kind per response: re-running the checks never duplicates a flag.
        b.HasIndex(x => new { x.ResponseId, x.Kind }).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.Status });
        b.Property(x => x.Detail).HasMaxLength(500);
        b.Property(x => x.ReviewedBy).HasMaxLength(256);
        b.Property(x => x.ReviewNote).HasMaxLength(1000);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Response>().WithMany().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FieldworkPlanConfiguration : IEntityTypeConfiguration<FieldworkPlan>
{
    public void Configure(EntityTypeBuilder<FieldworkPlan> b)
    {
        b.HasKey(x => x.RoundId);
        b.Ignore(x => x.Curve);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}
