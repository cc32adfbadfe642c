using System.Collections.Concurrent;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>
/// Runs queued changes one at a time, back to back on whichever thread finds none running, and completes each
/// caller's task when its own change has returned (so after its save committed). A lock handed from one change to the
/// next cost more than the change itself under load: each release queued the next waiter on the thread pool, behind
/// every request the machine had in hand, while no change ran.
/// </summary>
internal sealed class ChangeRunner
{
    /// <summary>Changes one thread runs before handing the rest to a pool thread, so its own caller is not held up long.</summary>
    private const int MaxRunBeforeHandOff = 32;

    private readonly ConcurrentQueue<IQueuedChange> _queue = new();
    private int _running;

    public Task<T> RunAsync<T>(Func<T> change)
    {
        var queued = new QueuedChange<T>(change);
        _queue.Enqueue(queued);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            RunQueued();
        }
        return queued.Completion.Task;
    }

    /// <summary>Called holding <see cref="_running"/>; gives it up only when the queue is seen empty.</summary>
    private void RunQueued()
    {
        while (true)
        {
            for (var ran = 0; ran < MaxRunBeforeHandOff && _queue.TryDequeue(out var next); ran++)
            {
                next.Run();
            }
            if (!_queue.IsEmpty)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static runner => runner.RunQueued(), this, preferLocal: false);
                return;
            }
            Volatile.Write(ref _running, 0);
            // A change queued after the last look but before the flag was cleared found it set: run it, unless another thread took over.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private interface IQueuedChange
    {
        void Run();
    }

    private sealed class QueuedChange<T>(Func<T> change) : IQueuedChange
    {
        /// <summary>The caller's context (logging scopes and the like), which the change runs in wherever it runs.</summary>
        private readonly ExecutionContext? _context = ExecutionContext.Capture();

        /// <summary>Callers continue on the thread pool, never on the thread running the queue.</summary>
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run()
        {
            if (_context is null)
            {
                RunHere();
                return;
            }
            ExecutionContext.Run(_context, static queued => ((QueuedChange<T>)queued!).RunHere(), this);
        }

        private void RunHere()
        {
            try
            {
                Completion.SetResult(change());
            }
            catch (Exception error)
            {
                Completion.SetException(error);
            }
        }
    }
}
