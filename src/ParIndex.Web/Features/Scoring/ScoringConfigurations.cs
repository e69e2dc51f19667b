using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;

namespace ParIndex.Web.Features.Scoring;

internal sealed class ScoringConfigVersionConfiguration : IEntityTypeConfiguration<ScoringConfigVersion>
{
    public void Configure(EntityTypeBuilder<ScoringConfigVersion> b)
    {
        b.HasIndex(x => new { x.RoundId, x.Version }).IsUnique();
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class ScoreRunConfiguration : IEntityTypeConfiguration<ScoreRun>
{
    public void Configure(EntityTypeBuilder<ScoreRun> b)
    {
        b.HasIndex(x => new { x.RoundId, x.CreatedAt });
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.InputHash).HasMaxLength(64);
        b.Property(x => x.Engine).HasMaxLength(100);
        b.Property(x => x.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class AppraisedScoreConfiguration : IEntityTypeConfiguration<AppraisedScore>
{
    public void Configure(EntityTypeBuilder<AppraisedScore> b)
    {
        b.HasIndex(x => new { x.RoundId, x.UnitId, x.CriterionCode, x.AppraisalRound }).IsUnique();
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.CriterionCode).HasMaxLength(30);
        b.Property(x => x.ImportedBy).HasMaxLength(200);
    }
}
