using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Questionnaires;

internal sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> b)
    {
        b.HasIndex(x => new { x.RoundId, x.Code }).IsUnique();
        b.Property(x => x.Code).HasMaxLength(60);
        b.Property(x => x.Title).HasMaxLength(500);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.RespondentGroup).WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionnaireVersionConfiguration : IEntityTypeConfiguration<QuestionnaireVersion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireVersion> b)
    {
        b.HasIndex(x => new { x.QuestionnaireId, x.Number }).IsUnique();
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.HasOne(x => x.Questionnaire).WithMany(x => x.Versions).HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
    }
}
