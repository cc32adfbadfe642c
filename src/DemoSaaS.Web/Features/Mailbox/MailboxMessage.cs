namespace DemoSaaS.Web.Features.Mailbox;

/// <summary>One mail the app sent, as the development mailbox shows it.</summary>
public sealed record MailboxMessage
{
    public required Guid Id { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    public required string To { get; init; }

    public required string Subject { get; init; }

    public required string Text { get; init; }

    /// <summary>The link the mail asks the reader to open (confirmation, password reset), if any.</summary>
    public Uri? Link { get; init; }

    public string? LinkText { get; init; }
}
