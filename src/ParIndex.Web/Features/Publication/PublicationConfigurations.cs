using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;

namespace ParIndex.Web.Features.Publication;

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Core.Publication.Publication>
{
    public void Configure(EntityTypeBuilder<Core.Publication.Publication> b)
    {
        // Two publishers racing for the same version: the database lets one win.
        b.HasIndex(x => new { x.RoundId, x.Version }).IsUnique();
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ScoreRun>().WithMany().HasForeignKey(x => x.ScoreRunId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Core.Publication.Publication>().WithMany().HasForeignKey(x => x.PredecessorPublicationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.InputHash).HasMaxLength(64);
        b.Property(x => x.SnapshotHash).HasMaxLength(64);
        b.Property(x => x.PublishedBy).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(4000);
    }
}

internal sealed class RoundPredecessorConfiguration : IEntityTypeConfiguration<RoundPredecessor>
{
    public void Configure(EntityTypeBuilder<RoundPredecessor> b)
    {
        b.HasKey(x => x.RoundId);
        b.HasOne<Round>().WithOne().HasForeignKey<RoundPredecessor>(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.PredecessorRoundId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.SetBy).HasMaxLength(200);
    }
}

internal sealed class UnitLineageConfiguration : IEntityTypeConfiguration<UnitLineage>
{
    public void Configure(EntityTypeBuilder<UnitLineage> b)
    {
        b.HasIndex(x => new { x.RoundId, x.UnitCode, x.PredecessorUnitCode }).IsUnique();
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.UnitCode).HasMaxLength(40);
        b.Property(x => x.PredecessorUnitCode).HasMaxLength(40);
        b.Property(x => x.Basis).HasConversion<string>().HasMaxLength(20);
    }
}
