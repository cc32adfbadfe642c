namespace DemoSaaS.Web.Features.Signup;

/// <summary>
/// The customer codes of signups this process is running right now, so that <see cref="PendingSignupCleanup"/> never
/// settles a signup its own request is still finishing (however slow it is).
/// </summary>
public sealed class SignupsInProgress
{
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);

    public IDisposable Begin(string customerCode)
    {
        lock (_codes)
        {
            _codes.Add(customerCode);
        }
        return new Registration(this, customerCode);
    }

    public bool Contains(string customerCode)
    {
        lock (_codes)
        {
            return _codes.Contains(customerCode);
        }
    }

    private sealed class Registration(SignupsInProgress owner, string customerCode) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._codes)
            {
                owner._codes.Remove(customerCode);
            }
        }
    }
}
