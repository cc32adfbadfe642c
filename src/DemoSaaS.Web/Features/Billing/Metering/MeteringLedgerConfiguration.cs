using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Billing.Metering;

internal sealed class MeteringLedgerConfiguration : IEntityTypeConfiguration<MeteringLedger>
{
    public void Configure(EntityTypeBuilder<MeteringLedger> ledger)
    {
        ledger.HasKey(l => new { l.CustomerCode, l.ItemCode });
        ledger.Property(l => l.CustomerCode).HasMaxLength(450);
        ledger.Property(l => l.ItemCode).HasMaxLength(36);
        ledger.Property(l => l.ConfirmedPeriod).HasMaxLength(200);
        ledger.Property(l => l.LastError).HasMaxLength(1000);
        ledger.Ignore(l => l.Baseline);
    }
}
