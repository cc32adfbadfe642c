using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Billing.Webhooks;

internal sealed class BillingEventConfiguration : IEntityTypeConfiguration<BillingEvent>
{
    public void Configure(EntityTypeBuilder<BillingEvent> billingEvent)
    {
        // The primary key makes "store each event once" a database guarantee, also under concurrent redeliveries.
        billingEvent.HasKey(e => e.ActivityId);
        billingEvent.Property(e => e.ActivityId).HasMaxLength(100);
        billingEvent.Property(e => e.ActivityType).IsRequired().HasMaxLength(50);
        billingEvent.Property(e => e.CustomerCode).HasMaxLength(450);
        billingEvent.Property(e => e.Summary).IsRequired().HasMaxLength(500);
        billingEvent.HasIndex(e => new { e.CustomerCode, e.ReceivedAtUtc });
    }
}
