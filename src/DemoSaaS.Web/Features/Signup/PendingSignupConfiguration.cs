using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Signup;

internal sealed class PendingSignupConfiguration : IEntityTypeConfiguration<PendingSignup>
{
    public void Configure(EntityTypeBuilder<PendingSignup> pending)
    {
        pending.HasKey(p => p.CustomerCode);
        pending.Property(p => p.CustomerCode).HasMaxLength(450);
        pending.Property(p => p.NormalizedEmail).HasMaxLength(256);
        pending.Property(p => p.Email).HasMaxLength(256);
        pending.Property(p => p.LastError).HasMaxLength(1000);
        // One signup in flight per email, enforced by the database so it holds across processes (SQLite lets many
        // rows hold NULL, which abandoned rows do).
        pending.HasIndex(p => p.NormalizedEmail).IsUnique();
    }
}
