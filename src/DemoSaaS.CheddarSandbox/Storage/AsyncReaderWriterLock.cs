namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// An async reader/writer lock that grants in arrival order: any number of readers together, or one writer alone.
/// A waiting writer holds back readers that arrive after it, so a stream of reads never starves a billing run,
/// and readers queued behind a writer all enter together when it leaves.
/// </summary>
internal sealed class AsyncReaderWriterLock
{
    private readonly object _sync = new();
    private readonly LinkedList<Waiter> _queue = new();

    /// <summary>Readers inside (&gt; 0), a writer inside (-1), or free (0).</summary>
    private int _holders;

    public Task<IDisposable> ReadAsync(CancellationToken cancellationToken) => EnterAsync(write: false, cancellationToken);

    public Task<IDisposable> WriteAsync(CancellationToken cancellationToken) => EnterAsync(write: true, cancellationToken);

    private async Task<IDisposable> EnterAsync(bool write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_sync)
        {
            if (_queue.Count == 0 && (write ? _holders == 0 : _holders >= 0))
            {
                _holders = write ? -1 : _holders + 1;
                return new Release(this, write);
            }
            waiter = new Waiter(write);
            waiter.Node = _queue.AddLast(waiter);
        }
        using (cancellationToken.Register(() => Abandon(waiter, cancellationToken)))
        {
            await waiter.Entered.Task.ConfigureAwait(false);
        }
        return new Release(this, write);
    }

    /// <summary>A waiter that gave up leaves the queue; whoever it held back may now enter.</summary>
    private void Abandon(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (waiter.Node?.List is null)
            {
                // Already let in: the caller owns the lock and releases it as usual.
                return;
            }
            _queue.Remove(waiter.Node);
            waiter.Entered.TrySetCanceled(cancellationToken);
            GrantWaiting();
        }
    }

    private void Exit(bool write)
    {
        lock (_sync)
        {
            _holders = write ? 0 : _holders - 1;
            GrantWaiting();
        }
    }

    /// <summary>Lets in, in order, the writer at the head (when free) or every reader up to the next writer.</summary>
    private void GrantWaiting()
    {
        while (_queue.First is { } head)
        {
            var next = head.Value;
            if (next.Write ? _holders != 0 : _holders < 0)
            {
                return;
            }
            _queue.RemoveFirst();
            _holders = next.Write ? -1 : _holders + 1;
            // Continuations run on the thread pool, never inside this lock.
            next.Entered.TrySetResult();
            if (next.Write)
            {
                return;
            }
        }
    }

    private sealed class Waiter(bool write)
    {
        public bool Write { get; } = write;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Release(AsyncReaderWriterLock owner, bool write) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Exit(write);
            }
        }
    }
}
