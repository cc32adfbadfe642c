namespace DemoSaaS.Cheddar.Diagnostics;

/// <summary>
/// Told about every request the Cheddar client sends (each attempt of a retried call separately), after its answer.
/// Register one to build a developer's view of the integration; with none registered the client keeps nothing.
/// </summary>
public interface ICheddarCallObserver
{
    void Observe(CheddarCall call);
}
