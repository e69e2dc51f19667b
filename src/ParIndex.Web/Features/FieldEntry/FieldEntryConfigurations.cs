using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;

namespace ParIndex.Web.Features.FieldEntry;

internal sealed class PaperFormConfiguration : IEntityTypeConfiguration<PaperForm>
{
    public void Configure(EntityTypeBuilder<PaperForm> b)
    {
        // One paper form per sample member, as one response per member: a second keying is a KeyedEntry, never a new form.
        b.HasIndex(x => x.RespondentId).IsUnique();
        b.HasIndex(x => x.ResponseId).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.Status });
        b.HasIndex(x => x.BatchId);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.VerificationReason).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.VerifiedBy).HasMaxLength(256);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Respondent>().WithMany().HasForeignKey(x => x.RespondentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Response>().WithMany().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<FormBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<QuestionnaireVersion>().WithMany().HasForeignKey(x => x.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.PaperFormId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Discrepancies).WithOne().HasForeignKey(x => x.PaperFormId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(x => x.First);
        b.Ignore(x => x.Second);
    }
}

internal sealed class KeyedEntryConfiguration : IEntityTypeConfiguration<KeyedEntry>
{
    public void Configure(EntityTypeBuilder<KeyedEntry> b)
    {
        // Pass 1 and pass 2 exist at most once each: two keyers racing for the same second keying cannot both win.
        b.HasIndex(x => new { x.PaperFormId, x.Pass }).IsUnique();
        b.HasIndex(x => x.KeyedByUserId);
        b.Property(x => x.KeyedByUserId).HasMaxLength(450);
        b.Property(x => x.KeyedBy).HasMaxLength(256);
    }
}

internal sealed class DiscrepancyConfiguration : IEntityTypeConfiguration<Discrepancy>
{
    public void Configure(EntityTypeBuilder<Discrepancy> b)
    {
        b.HasIndex(x => new { x.PaperFormId, x.ItemId, x.UnitCode }).IsUnique();
        b.Property(x => x.ItemId).HasMaxLength(100);
        b.Property(x => x.UnitCode).HasMaxLength(60);
        b.Property(x => x.ResolvedBy).HasMaxLength(256);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Ignore(x => x.IsResolved);
    }
}

internal sealed class FormBatchConfiguration : IEntityTypeConfiguration<FormBatch>
{
    public void Configure(EntityTypeBuilder<FormBatch> b)
    {
        b.HasIndex(x => new { x.RoundId, x.Label }).IsUnique();
        b.Property(x => x.Label).HasMaxLength(120);
        b.Property(x => x.ReceivedBy).HasMaxLength(256);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RespondentGroup>().WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FieldAssignmentConfiguration : IEntityTypeConfiguration<FieldAssignment>
{
    public void Configure(EntityTypeBuilder<FieldAssignment> b)
    {
        b.HasIndex(x => new { x.RoundId, x.StaffUserId, x.UnitId, x.RespondentGroupId }).IsUnique();
        b.Property(x => x.StaffUserId).HasMaxLength(450);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RespondentGroup>().WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FieldEntrySettingsConfiguration : IEntityTypeConfiguration<FieldEntrySettings>
{
    public void Configure(EntityTypeBuilder<FieldEntrySettings> b)
    {
        b.HasKey(x => x.RoundId);
        b.HasOne<Round>().WithOne().HasForeignKey<FieldEntrySettings>(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(x => x.Policy);
    }
}

internal sealed class ResponseReviewConfiguration : IEntityTypeConfiguration<ResponseReview>
{
    public void Configure(EntityTypeBuilder<ResponseReview> b)
    {
        // One review state per response; every change is an audit entry on the response.
        b.HasIndex(x => x.ResponseId).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.State });
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Comment).HasMaxLength(2000);
        b.Property(x => x.ReviewedBy).HasMaxLength(256);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Response>().WithMany().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}
