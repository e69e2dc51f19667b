using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;

namespace ParIndex.Web.Features.FieldEntry;

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
