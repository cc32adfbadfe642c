namespace DemoSaaS.Benchmarks.Infrastructure;

/// <summary>
/// The one throwaway PostgreSQL cluster of a benchmark run, started by the first benchmark that needs it (a run
/// without PostgreSQL benchmarks starts none) and stopped when the program ends; each benchmark takes fresh databases.
/// </summary>
public sealed class SharedPostgres : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LocalPostgres? _cluster;

    public async Task<LocalPostgres> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _cluster ??= await LocalPostgres.StartAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _gate.Dispose();
    }
}
