using DemoSaaS.CheddarSandbox.Hosting;

namespace DemoSaaS.CheddarSandbox.Faults;

/// <summary>
/// The active faults. Matching and counting happen under one lock, so a fault with count N fails exactly
/// N matching requests however many arrive at once. Faults are matched oldest first; POST /sandbox/reset clears them.
/// </summary>
public sealed class FaultRegistry : ISandboxResettable
{
    public const int MaxDelayMs = 5 * 60 * 1000;
    private static readonly string[] KnownMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

    private readonly Lock _gate = new();
    private readonly List<InjectedFault> _faults = [];
    private int _lastId;

    public IReadOnlyList<InjectedFault> List()
    {
        lock (_gate)
        {
            return [.. _faults];
        }
    }

    /// <summary>Validates and adds a fault; returns the error message instead when the specification is invalid.</summary>
    internal (InjectedFault? Fault, string? Error) TryAdd(FaultSpecification specification)
    {
        var (fault, error) = Validate(specification);
        if (fault is null)
        {
            return (null, error);
        }
        lock (_gate)
        {
            fault = fault with { Id = ++_lastId };
            _faults.Add(fault);
        }
        return (fault, null);
    }

    /// <summary>True while some fault matches by customer, so requests must be read for their customer code and email.</summary>
    public bool AnyMatchesCustomer
    {
        get
        {
            lock (_gate)
            {
                return _faults.Exists(f => f.Customer is not null);
            }
        }
    }

    /// <summary>Finds the oldest fault matching the request and counts this request against it.</summary>
    /// <param name="customers">The customer codes and emails the request names (see <see cref="InjectedFault.Customer"/>).</param>
    public InjectedFault? TryConsume(string apiPath, string method, IReadOnlyCollection<string>? customers = null)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Matches(apiPath, method, customers ?? []));
            if (index < 0)
            {
                return null;
            }
            var fault = _faults[index];
            if (fault.Remaining is { } remaining)
            {
                fault = fault with { Remaining = remaining - 1 };
                if (fault.Remaining == 0)
                {
                    _faults.RemoveAt(index);
                }
                else
                {
                    _faults[index] = fault;
                }
            }
            return fault;
        }
    }

    public bool Remove(int id)
    {
        lock (_gate)
        {
            return _faults.RemoveAll(f => f.Id == id) > 0;
        }
    }

    public int Clear()
    {
        lock (_gate)
        {
            var count = _faults.Count;
            _faults.Clear();
            return count;
        }
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    private (InjectedFault? Fault, string? Error) Validate(FaultSpecification s)
    {
        if (string.IsNullOrWhiteSpace(s.Kind))
        {
            return (null, "'kind' is required: one of status, rateLimit, latency, hang, applyThenFail.");
        }
        if (!FaultKindNames.TryParse(s.Kind, out var kind))
        {
            return (null, $"Unknown kind '{s.Kind}': use one of status, rateLimit, latency, hang, applyThenFail.");
        }

        string? path = null;
        if (s.Path is not null)
        {
            path = s.Path.Trim();
            if (path.StartsWith("/xml/", StringComparison.OrdinalIgnoreCase))
            {
                path = path[5..];
            }
            path = path.TrimStart('/');
            if (path.Length == 0 || path.Length > 500)
            {
                return (null, "'path' must be a non-empty substring of the path after /xml/ (at most 500 characters); omit it to match every /xml request.");
            }
        }

        string? method = null;
        if (s.Method is not null)
        {
            method = s.Method.Trim().ToUpperInvariant();
            if (!KnownMethods.Contains(method))
            {
                return (null, $"'method' must be one of {string.Join(", ", KnownMethods)}; omit it to match any method.");
            }
        }

        string? customer = null;
        if (s.Customer is not null)
        {
            customer = s.Customer.Trim();
            if (customer.Length is 0 or > 255)
            {
                return (null, "'customer' must be a customer code or email of 1 to 255 characters; omit it to match every customer.");
            }
        }

        if (s.Count is < 1)
        {
            return (null, "'count' must be at least 1; omit it to keep the fault until it is cleared.");
        }
        if (s.Message is { Length: 0 or > 1000 })
        {
            return (null, "'message' must be 1 to 1000 characters.");
        }
        if (s.AuxCode is { Length: > 20 })
        {
            return (null, "'auxCode' must be at most 20 characters.");
        }

        var answersWithError = kind is FaultKind.Status or FaultKind.RateLimit || (kind == FaultKind.ApplyThenFail && s.Drop != true);
        var notApplicable = new List<string>();
        if (s.LatencyMs is not null && kind != FaultKind.Latency) notApplicable.Add("latencyMs");
        if (s.RetryAfterSeconds is not null && kind != FaultKind.RateLimit) notApplicable.Add("retryAfterSeconds");
        if (s.HangMs is not null && kind != FaultKind.Hang) notApplicable.Add("hangMs");
        if (s.Drop is not null && kind != FaultKind.ApplyThenFail) notApplicable.Add("drop");
        if (s.Status is not null && !answersWithError) notApplicable.Add("status");
        if (s.AuxCode is not null && !answersWithError) notApplicable.Add("auxCode");
        if (s.Message is not null && !answersWithError) notApplicable.Add("message");
        if (notApplicable.Count > 0)
        {
            var what = kind == FaultKind.ApplyThenFail ? "kind applyThenFail with drop" : $"kind {s.Kind}";
            return (null, $"{string.Join(", ", notApplicable.Select(n => $"'{n}'"))} does not apply to {what}.");
        }

        int? status = null;
        switch (kind)
        {
            case FaultKind.Status:
                if (s.Status is not (>= 400 and <= 599))
                {
                    return (null, "kind status needs 'status' between 400 and 599.");
                }
                status = s.Status;
                break;
            case FaultKind.RateLimit:
                if (s.Status is not null and not 429)
                {
                    return (null, "kind rateLimit always answers 429; omit 'status' or send 429.");
                }
                if (s.RetryAfterSeconds is < 0 or > 86400)
                {
                    return (null, "'retryAfterSeconds' must be between 0 and 86400.");
                }
                status = 429;
                break;
            case FaultKind.Latency:
                if (s.LatencyMs is not (>= 1 and <= MaxDelayMs))
                {
                    return (null, $"kind latency needs 'latencyMs' between 1 and {MaxDelayMs}.");
                }
                break;
            case FaultKind.Hang:
                if (s.HangMs is < 1 or > MaxDelayMs)
                {
                    return (null, $"'hangMs' must be between 1 and {MaxDelayMs}.");
                }
                break;
            case FaultKind.ApplyThenFail:
                if (s.Drop != true)
                {
                    if (s.Status is not null and not (>= 500 and <= 599))
                    {
                        return (null, "kind applyThenFail answers a 5xx: 'status' must be between 500 and 599.");
                    }
                    status = s.Status ?? 500;
                }
                break;
        }

        return (new InjectedFault
        {
            Id = 0,
            Path = path,
            Method = method,
            Customer = customer,
            Kind = kind,
            Status = status,
            LatencyMs = kind == FaultKind.Latency ? s.LatencyMs : null,
            RetryAfterSeconds = kind == FaultKind.RateLimit ? s.RetryAfterSeconds ?? 1 : null,
            HangMs = kind == FaultKind.Hang ? s.HangMs ?? MaxDelayMs : null,
            Drop = s.Drop == true,
            AuxCode = s.AuxCode,
            Message = s.Message,
            Count = s.Count,
            Remaining = s.Count,
            CreatedAt = TimeProvider.System.GetUtcNow(),
        }, null);
    }
}
