namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// An async reader/writer lock: any number of readers together, or one writer alone. While no writer holds or waits,
/// readers enter and leave with one atomic instruction each (a monitor taken by every read was, with many threads on
/// two cores, where reads spent their time spinning). A writer that arrives holds back the readers that come after it,
/// so a stream of reads never starves a billing run; the waiters queue and are let in in arrival order — the writer
/// alone, or every reader up to the next writer together.
/// </summary>
internal sealed class AsyncReaderWriterLock
{
    /// <summary>Set in <see cref="_state"/> while a writer holds the lock or waits for it.</summary>
    private const int WriterBit = 1 << 30;

    private readonly object _sync = new();
    private readonly LinkedList<Waiter> _queue = new();

    /// <summary>Readers inside, plus <see cref="WriterBit"/>.</summary>
    private int _state;

    private bool _writerInside;
    private int _writersQueued;

    public Task<IDisposable> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & WriterBit) != 0)
            {
                return EnterSlowAsync(write: false, cancellationToken);
            }
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return Task.FromResult<IDisposable>(new Release(this, write: false));
            }
        }
    }

    public Task<IDisposable> WriteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return EnterSlowAsync(write: true, cancellationToken);
    }

    private async Task<IDisposable> EnterSlowAsync(bool write, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_sync)
        {
            if (write)
            {
                Interlocked.Or(ref _state, WriterBit);
                if (!_writerInside && _queue.Count == 0 && (Volatile.Read(ref _state) & ~WriterBit) == 0)
                {
                    _writerInside = true;
                    return new Release(this, write: true);
                }
                _writersQueued++;
            }
            else if ((Volatile.Read(ref _state) & WriterBit) == 0)
            {
                // The writer left meanwhile (the bit only changes under this lock): enter as a reader at once.
                Interlocked.Increment(ref _state);
                return new Release(this, write: false);
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
            if (waiter.Write)
            {
                _writersQueued--;
            }
            waiter.Entered.TrySetCanceled(cancellationToken);
            GrantWaiting();
        }
    }

    private void ExitRead()
    {
        // The last reader out while a writer waits lets it in; otherwise leaving is one atomic instruction.
        if (Interlocked.Decrement(ref _state) == WriterBit)
        {
            lock (_sync)
            {
                GrantWaiting();
            }
        }
    }

    private void ExitWrite()
    {
        lock (_sync)
        {
            _writerInside = false;
            GrantWaiting();
        }
    }

    /// <summary>Under <see cref="_sync"/>: lets in, in order, the writer at the head (when free) or every reader up to the next writer.</summary>
    private void GrantWaiting()
    {
        while (_queue.First is { } head)
        {
            var next = head.Value;
            if (_writerInside || (next.Write && (Volatile.Read(ref _state) & ~WriterBit) != 0))
            {
                break;
            }
            _queue.RemoveFirst();
            if (next.Write)
            {
                _writersQueued--;
                _writerInside = true;
            }
            else
            {
                Interlocked.Increment(ref _state);
            }
            // Continuations run on the thread pool, never inside this lock.
            next.Entered.TrySetResult();
        }
        if (!_writerInside && _writersQueued == 0)
        {
            Interlocked.And(ref _state, ~WriterBit);
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
                if (write)
                {
                    owner.ExitWrite();
                }
                else
                {
                    owner.ExitRead();
                }
            }
        }
    }
}
