using System.Net.Security;
using System.Security.Authentication;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Api;
using DemoSaaS.Cheddar.Diagnostics;
using DemoSaaS.Cheddar.Http;
using DemoSaaS.Cheddar.Webhooks;
using DemoSaaS.Cheddar.Xml;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Cheddar client: <c>services.AddCheddar(configuration)</c>.</summary>
public static class CheddarServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the "Cheddar" section at start, and registers <see cref="ICheddarPlans"/>,
    /// <see cref="ICheddarCustomers"/>, <see cref="ICheddarTrackedItems"/>, <see cref="ICheddarInvoices"/>,
    /// <see cref="ICheddarPromotions"/>, <see cref="CheddarWebhookVerifier"/> and <see cref="CheddarWebhookParser"/>.
    /// Each HTTP client sends Basic auth pre-emptively, requires TLS 1.2+ for https, and runs a resilience pipeline
    /// (total timeout → retry of retry-safe calls → attempt timeout; see <c>README.md</c>).
    /// </summary>
    public static IServiceCollection AddCheddar(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheddarOptions>()
            .Bind(configuration.GetSection(CheddarOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<BasicAuthenticationHandler>();
        services.TryAddTransient<CheddarCallLoggingHandler>();

        AddApi<ICheddarPlansApi>(services);
        AddApi<ICheddarCustomersApi>(services);
        AddApi<ICheddarTrackedItemsApi>(services);
        AddApi<ICheddarInvoicesApi>(services);
        AddApi<ICheddarPromotionsApi>(services);

        services.TryAddTransient<ICheddarPlans, CheddarPlansClient>();
        services.TryAddTransient<ICheddarCustomers, CheddarCustomersClient>();
        services.TryAddTransient<ICheddarTrackedItems, CheddarTrackedItemsClient>();
        services.TryAddTransient<ICheddarInvoices, CheddarInvoicesClient>();
        services.TryAddTransient<ICheddarPromotions, CheddarPromotionsClient>();
        services.TryAddSingleton<CheddarWebhookVerifier>();
        services.TryAddSingleton<CheddarWebhookParser>();
        return services;
    }

    private static void AddApi<TApi>(IServiceCollection services)
        where TApi : class
    {
        var builder = services.AddRefitGeneratedClient<TApi>(_ => CreateRefitSettings())
            .ConfigureHttpClient((provider, client) =>
            {
                client.BaseAddress = provider.GetRequiredService<IOptions<CheddarOptions>>().Value.BaseUrl;
                // The resilience pipeline owns every timeout; HttpClient's own would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .AddHttpMessageHandler<BasicAuthenticationHandler>();
        builder.AddResilienceHandler("cheddar", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<CheddarOptions>>().Value;
                AddPipeline(pipeline, options);
            });
        // Innermost: one log line (and one observed call) per request on the wire, retries included.
        builder.AddHttpMessageHandler<CheddarCallLoggingHandler>();
    }

    internal static RefitSettings CreateRefitSettings() => new(new CheddarXmlContentSerializer())
    {
        ExceptionFactory = CheddarErrorResponses.FromResponseAsync,
        DeserializationExceptionFactory = CheddarErrorResponses.FromUnreadableBody,
        TransportExceptionFactory = CheddarTransportFailures.Wrap,
    };

    private static void AddPipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, CheddarOptions options)
    {
        pipeline.AddTimeout(options.Timeout);
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var retry = request is not null
                        && CheddarRetryPolicy.ShouldRetry(request, args.Outcome)
                        && !(args.Outcome.Result is { } response
                             && CheddarErrorResponses.RetryAfterOf(response) > options.MaxRetryAfter);
                    return ValueTask.FromResult(retry);
                },
                // 429 and 503 may say how long to wait: honour it instead of the backoff.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? CheddarErrorResponses.RetryAfterOf(response) : null),
            });
        }
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
