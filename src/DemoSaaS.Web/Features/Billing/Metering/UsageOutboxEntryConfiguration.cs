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
        // Stored by name, so the table reads the same in the sqlite shell as in the code.
        entry.Property(e => e.State).HasConversion<string>().HasMaxLength(24);
        entry.Property(e => e.Reason).HasMaxLength(500);
        // The relay's query (pending uses per customer and item) and gating's (a user's unsettled uses, State IN (...)).
        entry.HasIndex(e => new { e.State, e.CustomerCode, e.ItemCode });
        entry.HasIndex(e => e.BatchId);
    }
}
