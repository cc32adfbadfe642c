using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace DemoSaaS.Tests.Shared;

/// <summary>
/// A slow network between the app and Cheddar: holds the app's next answer to one Cheddar call after the sandbox has
/// sent it, until the test releases it. The sandbox's own <c>latency</c> fault waits before its handler runs, so its
/// answer is as new as the moment it is sent; this one delays an answer that was complete earlier (what a read that
/// started before a change and lands after it looks like).
/// </summary>
public sealed class HeldCheddarAnswers
{
    private readonly ConcurrentQueue<Hold> _holds = new();

    /// <summary>Adds the handler to every HttpClient of the app (pass it as an app host's test services).</summary>
    public void Register(IServiceCollection services) =>
        services.ConfigureAll<HttpClientFactoryOptions>(options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(new Handler(this))));

    /// <summary>Holds the next answer to <paramref name="action"/> (e.g. customers/get) whose path contains <paramref name="customerCode"/>.</summary>
    public Hold Next(string action, string customerCode)
    {
        var hold = new Hold(action, customerCode);
        _holds.Enqueue(hold);
        return hold;
    }

    public sealed class Hold(string action, string customerCode)
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _taken;

        /// <summary>Completes once Cheddar's answer has been received (and is being held).</summary>
        public Task Arrived => _arrived.Task;

        public void Release() => _released.TrySetResult();

        internal bool TryTake(HttpRequestMessage request) =>
            request.RequestUri?.AbsolutePath is { } path
            && path.Contains("/xml/" + action + "/", StringComparison.Ordinal)
            && path.Contains(customerCode, StringComparison.Ordinal)
            && Interlocked.Exchange(ref _taken, 1) == 0;

        internal async Task HoldAsync(CancellationToken cancellationToken)
        {
            _arrived.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class Handler(HeldCheddarAnswers owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var hold = owner._holds.FirstOrDefault(h => h.TryTake(request));
            var response = await base.SendAsync(request, cancellationToken);
            if (hold is not null)
            {
                // The whole answer is here (as Cheddar made it) before the hold starts.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                await hold.HoldAsync(cancellationToken);
            }
            return response;
        }
    }
}
