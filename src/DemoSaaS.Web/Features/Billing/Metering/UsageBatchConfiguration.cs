using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Billing.Metering;

internal sealed class UsageBatchConfiguration : IEntityTypeConfiguration<UsageBatch>, IEntityTypeConfiguration<UsageBatchAction>
{
    public void Configure(EntityTypeBuilder<UsageBatch> batch)
    {
        batch.HasKey(b => b.Id);
        batch.Property(b => b.CustomerCode).IsRequired().HasMaxLength(450);
        batch.Property(b => b.ItemCode).IsRequired().HasMaxLength(36);
        batch.Property(b => b.State).HasConversion<string>().HasMaxLength(24);
        batch.Property(b => b.Reason).HasMaxLength(1000);
        batch.Property(b => b.ClaimedInPeriod).HasMaxLength(200);
        // The operator page lists parked batches.
        batch.HasIndex(b => b.State);
        batch.HasIndex(b => new { b.CustomerCode, b.ItemCode });
    }

    public void Configure(EntityTypeBuilder<UsageBatchAction> action)
    {
        action.HasKey(a => a.Id);
        action.Property(a => a.Action).IsRequired().HasMaxLength(24);
        action.Property(a => a.UserId).IsRequired().HasMaxLength(450);
        action.Property(a => a.UserName).IsRequired().HasMaxLength(256);
        action.Property(a => a.Detail).IsRequired().HasMaxLength(1000);
        action.HasIndex(a => a.BatchId);
    }
}
