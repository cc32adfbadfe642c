using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DemoSaaS.Web.Features.Signup;

internal sealed class PendingSignupConfiguration : IEntityTypeConfiguration<PendingSignup>
{
    public void Configure(EntityTypeBuilder<PendingSignup> pending)
    {
        pending.HasKey(p => p.CustomerCode);
        pending.Property(p => p.CustomerCode).HasMaxLength(450);
        pending.Property(p => p.LastError).HasMaxLength(1000);
    }
}
