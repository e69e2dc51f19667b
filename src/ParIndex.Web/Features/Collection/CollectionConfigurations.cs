using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Collection;

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
