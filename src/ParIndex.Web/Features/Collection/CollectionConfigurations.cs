using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Collection;

internal sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> b)
    {
        b.HasIndex(x => new { x.RoundId, x.Code }).IsUnique();
        b.Property(x => x.Code).HasMaxLength(60);
        b.Property(x => x.Title).HasMaxLength(500);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.RespondentGroup).WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne(x => x.Questionnaire).HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionnaireVersionConfiguration : IEntityTypeConfiguration<QuestionnaireVersion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireVersion> b)
    {
        b.HasIndex(x => new { x.QuestionnaireId, x.Number }).IsUnique();
        b.Property(x => x.ContentHash).HasMaxLength(64);
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

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.RespondentId);
        b.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        b.HasOne(x => x.Respondent).WithMany().HasForeignKey(x => x.RespondentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> b)
    {
        // The client's id makes a retried upload land on the same row.
        b.HasIndex(x => x.ClientId).IsUnique();
        // One sample member, one response, whichever mode it arrives by (NULLs — public links — are distinct).
        b.HasIndex(x => x.RespondentId).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.Status, x.RespondentGroupId });
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.DeviceClass).HasMaxLength(20);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Respondent>().WithMany().HasForeignKey(x => x.RespondentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Invitation>().WithMany().HasForeignKey(x => x.InvitationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.QuestionnaireVersion).WithMany().HasForeignKey(x => x.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RespondentGroup>().WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.AnswerSets).WithOne().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnswerSetConfiguration : IEntityTypeConfiguration<AnswerSet>
{
    public void Configure(EntityTypeBuilder<AnswerSet> b)
    {
        b.HasIndex(x => new { x.ResponseId, x.RatedUnitId }).IsUnique();
        b.HasIndex(x => x.RatedUnitId);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.RatedUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
        b.Property(x => x.Actor).HasMaxLength(200);
        b.Property(x => x.Action).HasMaxLength(100);
        b.Property(x => x.EntityType).HasMaxLength(100);
        b.Property(x => x.EntityId).HasMaxLength(100);
    }
}
