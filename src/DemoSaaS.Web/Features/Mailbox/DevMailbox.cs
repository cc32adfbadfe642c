namespace DemoSaaS.Web.Features.Mailbox;

/// <summary>
/// Where the app's mails go: kept in memory (the newest <see cref="Capacity"/>) and shown on /dev/mailbox in
/// Development, so a local user can click their confirmation link without a mail server.
/// </summary>
public sealed class DevMailbox
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<MailboxMessage> _messages = new();

    public void Deliver(MailboxMessage message)
    {
        lock (_gate)
        {
            _messages.AddFirst(message);
            while (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }
    }

    /// <summary>Newest first; only mails to <paramref name="to"/> when given (case-insensitive).</summary>
    public IReadOnlyList<MailboxMessage> List(string? to = null)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => string.IsNullOrWhiteSpace(to) || string.Equals(m.To, to.Trim(), StringComparison.OrdinalIgnoreCase))];
        }
    }
}
