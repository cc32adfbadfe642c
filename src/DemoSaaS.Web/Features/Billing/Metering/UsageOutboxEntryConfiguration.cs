using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Billing.Metering;

internal sealed class UsageOutboxEntryConfiguration : IEntityTypeConfiguration<UsageOutboxEntry>
{
    public void Configure(EntityTypeBuilder<UsageOutboxEntry> entry)
    {
        entry.ToTable("UsageOutbox");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.CustomerCode).IsRequired().HasMaxLength(450);
        entry.Property(e => e.ItemCode).IsRequired().HasMaxLength(36);
        entry.Property(e => e.RejectedReason).HasMaxLength(500);
        // The relay's query: what is still to deliver, per customer and item.
        entry.HasIndex(e => new { e.DeliveredAtUtc, e.CustomerCode, e.ItemCode });
        entry.HasIndex(e => e.BatchId);
    }
}
