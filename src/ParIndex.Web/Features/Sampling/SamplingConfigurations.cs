using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Sampling;

internal sealed class SamplingFrameConfiguration : IEntityTypeConfiguration<SamplingFrame>
{
    public void Configure(EntityTypeBuilder<SamplingFrame> b)
    {
        b.HasIndex(x => new { x.RoundId, x.Name }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Versions).WithOne(x => x.Frame).HasForeignKey(x => x.FrameId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SamplingFrameVersionConfiguration : IEntityTypeConfiguration<SamplingFrameVersion>
{
    public void Configure(EntityTypeBuilder<SamplingFrameVersion> b)
    {
        // Two imports racing for the same number: the second fails instead of both becoming "version 2".
        b.HasIndex(x => new { x.FrameId, x.Number }).IsUnique();
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.ContentHash).HasMaxLength(80);
        b.Property(x => x.ImportedBy).HasMaxLength(256);
    }
}

internal sealed class FrameMemberConfiguration : IEntityTypeConfiguration<FrameMember>
{
    public void Configure(EntityTypeBuilder<FrameMember> b)
    {
        b.HasIndex(x => new { x.FrameVersionId, x.ExternalId }).IsUnique();
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.GroupCode).HasMaxLength(40);
        b.Property(x => x.UnitCode).HasMaxLength(40);
        b.Property(x => x.Cluster1).HasMaxLength(200);
        b.Property(x => x.Cluster2).HasMaxLength(200);
        b.Property(x => x.Cluster3).HasMaxLength(200);
        b.HasOne<SamplingFrameVersion>().WithMany().HasForeignKey(x => x.FrameVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FrameMemberContactConfiguration : IEntityTypeConfiguration<FrameMemberContact>
{
    public void Configure(EntityTypeBuilder<FrameMemberContact> b)
    {
        b.HasKey(x => x.FrameMemberId);
        b.Property(x => x.FullName).HasMaxLength(500);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Address).HasMaxLength(500);
        b.HasOne<FrameMember>().WithOne().HasForeignKey<FrameMemberContact>(x => x.FrameMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SampleDrawRecordConfiguration : IEntityTypeConfiguration<SampleDrawRecord>
{
    public void Configure(EntityTypeBuilder<SampleDrawRecord> b)
    {
        b.ToTable("SampleDraws");
        b.HasIndex(x => new { x.RoundId, x.Status });
        b.Property(x => x.DesignName).HasMaxLength(200);
        b.Property(x => x.Algorithm).HasMaxLength(200);
        b.Property(x => x.FrameContentHash).HasMaxLength(80);
        b.Property(x => x.Groups).HasMaxLength(500);
        b.Property(x => x.DrawnBy).HasMaxLength(256);
        b.Property(x => x.SupersededBy).HasMaxLength(256);
        b.Property(x => x.SupersedeReason).HasMaxLength(1000);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        // A frame version that a draw was taken from cannot disappear under it.
        b.HasOne(x => x.FrameVersion).WithMany().HasForeignKey(x => x.FrameVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SampleDrawMemberConfiguration : IEntityTypeConfiguration<SampleDrawMember>
{
    public void Configure(EntityTypeBuilder<SampleDrawMember> b)
    {
        b.HasIndex(x => x.RespondentId).IsUnique();
        b.HasIndex(x => new { x.SampleDrawId, x.Pool, x.IsReserve, x.ReserveRank });
        b.Property(x => x.Pool).HasMaxLength(400);
        b.HasOne<SampleDrawRecord>().WithMany().HasForeignKey(x => x.SampleDrawId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Respondent).WithMany().HasForeignKey(x => x.RespondentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameMember>().WithMany().HasForeignKey(x => x.FrameMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SampleReplacementConfiguration : IEntityTypeConfiguration<SampleReplacement>
{
    public void Configure(EntityTypeBuilder<SampleReplacement> b)
    {
        b.HasIndex(x => x.SampleDrawId);
        b.HasIndex(x => x.ReplacedRespondentId).IsUnique();
        b.Property(x => x.Pool).HasMaxLength(400);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.By).HasMaxLength(256);
        b.HasOne<SampleDrawRecord>().WithMany().HasForeignKey(x => x.SampleDrawId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Respondent>().WithMany().HasForeignKey(x => x.ReplacedRespondentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Respondent>().WithMany().HasForeignKey(x => x.ReplacementRespondentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UnitAssignmentConfiguration : IEntityTypeConfiguration<UnitAssignment>
{
    public void Configure(EntityTypeBuilder<UnitAssignment> b)
    {
        b.HasIndex(x => new { x.RespondentId, x.UnitId }).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.SampleDrawId });
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SampleDrawRecord>().WithMany().HasForeignKey(x => x.SampleDrawId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Respondent>().WithMany().HasForeignKey(x => x.RespondentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RespondentConfiguration : IEntityTypeConfiguration<Respondent>
{
    public void Configure(EntityTypeBuilder<Respondent> b)
    {
        b.HasIndex(x => new { x.RoundId, x.Code }).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.RespondentGroupId, x.UnitId });
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.FrameId).HasMaxLength(100);
        b.Property(x => x.Stratum).HasMaxLength(200);
        b.Property(x => x.Psu).HasMaxLength(200);
        b.Property(x => x.Ssu).HasMaxLength(200);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.RespondentGroup).WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RespondentContactConfiguration : IEntityTypeConfiguration<RespondentContact>
{
    public void Configure(EntityTypeBuilder<RespondentContact> b)
    {
        b.HasKey(x => x.RespondentId);
        b.Property(x => x.FullName).HasMaxLength(300);
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.Address).HasMaxLength(500);
        b.HasOne<Respondent>().WithOne().HasForeignKey<RespondentContact>(x => x.RespondentId).OnDelete(DeleteBehavior.Cascade);
    }
}
