using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Mailbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class MailboxServiceCollectionExtensions
{
    /// <summary>
    /// Identity's mails go to the in-memory development mailbox (/dev/mailbox, shown in Development only).
    /// A deployment replaces <see cref="IEmailSender{TUser}"/> with a real mail transport.
    /// </summary>
    public static WebApplicationBuilder AddDevMailbox(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DevMailbox>();
        builder.Services.AddSingleton<IEmailSender<ApplicationUser>, MailboxEmailSender>();
        return builder;
    }
}
