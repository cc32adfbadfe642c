using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Mailbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class MailboxServiceCollectionExtensions
{
    /// <summary>
    /// Identity's mails go to the in-memory development mailbox (/dev/mailbox, shown in Development only).
    /// A deployment replaces <see cref="IEmailSender{TUser}"/> with a real mail transport. Links in mails are built by
    /// <see cref="MailLinks"/> from <c>App:PublicBaseUrl</c>.
    /// </summary>
    public static WebApplicationBuilder AddDevMailbox(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DevMailbox>();
        builder.Services.AddSingleton<IEmailSender<ApplicationUser>, MailboxEmailSender>();
        builder.Services.AddOptions<PublicBaseUrlOptions>()
            .Bind(builder.Configuration.GetSection(PublicBaseUrlOptions.SectionName))
            .Validate<IHostEnvironment>(PublicBaseUrlOptions.IsValid, PublicBaseUrlOptions.Requirement)
            .ValidateOnStart();
        builder.Services.AddSingleton<MailLinks>();
        return builder;
    }
}
