using DemoSaaS.Cheddar.Diagnostics;

namespace DemoSaaS.Web.Features.DevCheddar;

/// <summary>
/// The app's recent Cheddar calls (the newest <see cref="Capacity"/>), in memory, for /dev/cheddar in Development.
/// Parameters arrive masked by the Cheddar client (<see cref="CheddarCallParameters"/>), so no card data is kept here.
/// </summary>
public sealed class DevCheddarCallLog : ICheddarCallObserver
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<CheddarCall> _calls = new();

    /// <summary>Raised after each call is recorded, so an open page can redraw.</summary>
    public event Action? Changed;

    public void Observe(CheddarCall call)
    {
        lock (_gate)
        {
            _calls.AddFirst(call);
            while (_calls.Count > Capacity)
            {
                _calls.RemoveLast();
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<CheddarCall> List()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }
}
