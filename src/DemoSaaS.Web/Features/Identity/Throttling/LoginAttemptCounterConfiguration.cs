using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Identity.Throttling;

internal sealed class LoginAttemptCounterConfiguration : IEntityTypeConfiguration<LoginAttemptCounter>
{
    public void Configure(EntityTypeBuilder<LoginAttemptCounter> counter)
    {
        counter.ToTable("LoginAttemptCounters");
        counter.HasKey(c => new { c.AccountKey, c.ClientKey });
        counter.Property(c => c.AccountKey).HasMaxLength(64);
        counter.Property(c => c.ClientKey).HasMaxLength(64);
        // Two attempts that read the same count: the second write fails instead of losing the first one's failure.
        counter.Property(c => c.Failures).IsConcurrencyToken();
        // Stale counters are deleted by age.
        counter.HasIndex(c => c.LastFailureAtUtc);
    }
}
