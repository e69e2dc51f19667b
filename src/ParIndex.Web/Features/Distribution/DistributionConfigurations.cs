using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Distribution;

internal sealed class EmailCampaignConfiguration : IEntityTypeConfiguration<EmailCampaign>
{
    public void Configure(EntityTypeBuilder<EmailCampaign> b)
    {
        b.HasIndex(x => new { x.RoundId, x.CreatedAt });
        b.HasIndex(x => x.Status);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(10_000);
        b.Property(x => x.BaseUrl).HasMaxLength(300);
        b.Property(x => x.CreatedBy).HasMaxLength(200);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Deliveries).WithOne().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EmailDeliveryConfiguration : IEntityTypeConfiguration<EmailDelivery>
{
    public void Configure(EntityTypeBuilder<EmailDelivery> b)
    {
        b.HasIndex(x => new { x.CampaignId, x.Status });
        // Reminder limits look up what an invitation was already sent.
        b.HasIndex(x => new { x.InvitationId, x.Status });
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasOne<Invitation>().WithMany().HasForeignKey(x => x.InvitationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublicLinkConfiguration : IEntityTypeConfiguration<PublicLink>
{
    public void Configure(EntityTypeBuilder<PublicLink> b)
    {
        b.HasIndex(x => x.Slug).IsUnique();
        b.HasIndex(x => new { x.RoundId, x.UnitId, x.RespondentGroupId });
        b.Property(x => x.Slug).HasMaxLength(32);
        b.HasOne<Round>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RespondentGroup>().WithMany().HasForeignKey(x => x.RespondentGroupId).OnDelete(DeleteBehavior.Restrict);
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
