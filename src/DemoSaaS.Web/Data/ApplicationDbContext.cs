using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Billing.Webhooks;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Features.Signup;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Data;

/// <summary>
/// The app's one model, on SQLite or PostgreSQL (<see cref="DatabaseProvider"/>). Each provider's migrations belong to a
/// type derived from this one (<see cref="SqliteMigrationsContext"/>, <see cref="PostgresMigrationsContext"/>).
/// </summary>
public class ApplicationDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the per-provider migrations contexts.</summary>
    protected ApplicationDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Report> Reports => Set<Report>();

    public DbSet<UsageOutboxEntry> UsageOutbox => Set<UsageOutboxEntry>();

    public DbSet<MeteringLedger> MeteringLedgers => Set<MeteringLedger>();

    public DbSet<UsageBatch> UsageBatches => Set<UsageBatch>();

    public DbSet<UsageBatchAction> UsageBatchActions => Set<UsageBatchAction>();

    public DbSet<BillingEvent> BillingEvents => Set<BillingEvent>();

    public DbSet<PendingSignup> PendingSignups => Set<PendingSignup>();

    /// <summary>ASP.NET Core's data-protection keys, shared by every instance (docs/decisions/0010-instances-share-keys-and-start-once.md).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Billing and signup tables are configured beside their entities (IEntityTypeConfiguration classes).
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
        builder.Entity<Report>(report =>
        {
            report.HasKey(r => r.Id);
            report.Property(r => r.UserId).IsRequired().HasMaxLength(450);
            report.Property(r => r.Title).IsRequired().HasMaxLength(200);
            report.Property(r => r.SourceKind).IsRequired().HasMaxLength(10);
            report.HasIndex(r => new { r.UserId, r.CreatedAtUtc });
            report.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
