using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment;

internal sealed class AssessmentPeriodConfiguration : IEntityTypeConfiguration<AssessmentPeriod>
{
    public void Configure(EntityTypeBuilder<AssessmentPeriod> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.RoundId, x.Kind }).IsUnique();
        b.HasMany(x => x.AdjustmentItems).WithOne().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AdjustmentItemConfiguration : IEntityTypeConfiguration<AdjustmentItem>
{
    public void Configure(EntityTypeBuilder<AdjustmentItem> b)
    {
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(500);
        b.Property(x => x.MaxPoints).HasPrecision(9, 4);
        b.HasIndex(x => new { x.PeriodId, x.Code }).IsUnique();
    }
}

internal sealed class UnitAssessmentConfiguration : IEntityTypeConfiguration<UnitAssessment>
{
    public void Configure(EntityTypeBuilder<UnitAssessment> b)
    {
        b.HasOne(x => x.Period).WithMany().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PeriodId, x.UnitId }).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        foreach (var by in new[] { nameof(UnitAssessment.SubmittedBy), nameof(UnitAssessment.Round1By), nameof(UnitAssessment.ExplainedBy), nameof(UnitAssessment.Round2By), nameof(UnitAssessment.ApprovedBy) })
            b.Property(by).HasMaxLength(256);
        b.Property(x => x.CouncilDecision).HasMaxLength(300);
        b.HasMany(x => x.Scores).WithOne().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssessmentScoreConfiguration : IEntityTypeConfiguration<AssessmentScore>
{
    public void Configure(EntityTypeBuilder<AssessmentScore> b)
    {
        b.HasIndex(x => new { x.AssessmentId, x.Code }).IsUnique();
        b.Property(x => x.Code).HasMaxLength(20);
        foreach (var p in new[] { nameof(AssessmentScore.MaxPoints), nameof(AssessmentScore.SelfPoints), nameof(AssessmentScore.Round1Points), nameof(AssessmentScore.Round2Points) })
            b.Property(p).HasPrecision(9, 4);
        foreach (var t in new[] { nameof(AssessmentScore.Justification), nameof(AssessmentScore.Round1Reason), nameof(AssessmentScore.Explanation), nameof(AssessmentScore.Round2Reason) })
            b.Property(t).HasMaxLength(4000);
        b.Ignore(x => x.AdjustedInRound1);
        b.Ignore(x => x.CurrentPoints);
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.HasOne<UnitAssessment>().WithMany().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.AssessmentId, x.Code });
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.StorageName).HasMaxLength(64);
        b.HasIndex(x => x.StorageName).IsUnique();
        b.Property(x => x.UploadedBy).HasMaxLength(256);
    }
}

internal sealed class UnitReporterLinkConfiguration : IEntityTypeConfiguration<UnitReporterLink>
{
    public void Configure(EntityTypeBuilder<UnitReporterLink> b)
    {
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasOne<StaffUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
