using System.Net;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace DemoSaaS.Web.Features.Mailbox;

/// <summary>Identity's mails (confirmation, password reset) delivered to the <see cref="DevMailbox"/>.</summary>
public sealed class MailboxEmailSender(DevMailbox mailbox, TimeProvider time, IHostEnvironment environment, ILogger<MailboxEmailSender> logger) : IEmailSender<ApplicationUser>
{
    private static readonly EventId MailDelivered = new(2001, nameof(MailDelivered));
    private static readonly EventId MailNotShown = new(2002, nameof(MailNotShown));

    // Identity's pages pass links HTML-encoded (they were written for HTML mail bodies); we store the real URL.
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        Deliver(email, "Confirm your email", "Welcome to Awesome Reports. Confirm your email address to activate your account.", confirmationLink, "Confirm my email");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        Deliver(email, "Reset your password", "Someone asked to reset the password of your Awesome Reports account. If it was you, choose a new one.", resetLink, "Reset my password");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        Deliver(email, "Reset your password", $"Your password reset code is: {resetCode}", link: null, linkText: null);

    private Task Deliver(string to, string subject, string text, string? link, string? linkText)
    {
        mailbox.Deliver(new MailboxMessage
        {
            Id = Guid.NewGuid(),
            SentAt = time.GetUtcNow(),
            To = to,
            Subject = subject,
            Text = text,
            Link = link is null ? null : new Uri(WebUtility.HtmlDecode(link)),
            LinkText = linkText,
        });
        // The link itself is a credential; it is only shown in the mailbox, never logged.
        if (environment.IsDevelopment())
        {
            logger.LogInformation(MailDelivered, "Mail \"{Subject}\" delivered to the development mailbox (/dev/mailbox)", subject);
        }
        else
        {
            // /dev/mailbox is not served outside Development, so nobody will read this mail: say so loudly.
            logger.LogWarning(MailNotShown, "Mail \"{Subject}\" was not sent: no mail transport is registered (replace IEmailSender<ApplicationUser>) and the development mailbox is shown in Development only", subject);
        }
        return Task.CompletedTask;
    }
}
