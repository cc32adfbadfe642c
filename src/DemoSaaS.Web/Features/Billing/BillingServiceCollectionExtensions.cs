using System.Threading.RateLimiting;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Billing.Cheddar;
using DemoSaaS.Web.Features.Billing.Gating;
using DemoSaaS.Web.Features.Billing.Metering;
using DemoSaaS.Web.Features.Billing.Usage;
using DemoSaaS.Web.Features.Billing.Webhooks;
using DemoSaaS.Web.Features.Signup;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Billing (usage outbox and relay, snapshot cache and gating, Cheddar webhooks) and signup. Needs the Cheddar
/// client (<c>AddCheddar</c>) and the app's <c>ApplicationDbContext</c>.
/// </summary>
public static class BillingServiceCollectionExtensions
{
    public static WebApplicationBuilder AddBilling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BillingOptions>()
            .Bind(builder.Configuration.GetSection(BillingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ReportPackOptions>()
            .Bind(builder.Configuration.GetSection(ReportPackOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SignupOptions>()
            .Bind(builder.Configuration.GetSection(SignupOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<CheddarBilling>();
        services.AddSingleton<CustomerSnapshotCache>();
        // Webhooks and account-page writes on any instance invalidate every instance's snapshot of the customer.
        builder.AddBillingChanges();
        // Gating's pending-use sum: on SQLite reused until the outbox changes (bumped by the meter, the relay and operators);
        // on PostgreSQL read per decision, as another instance's writes bump no signal here.
        services.AddSingleton<UsageOutboxChanges>();
        services.AddSingleton<PendingUsage>();
        services.AddSingleton<UsageCommitSignal>();
        services.ConfigureDbContext<ApplicationDbContext>(
            (provider, options) => options.AddInterceptors(provider.GetRequiredService<UsageCommitSignal>()), ServiceLifetime.Singleton);
        // One measure of usage against quota for gating and the account page; one lock per customer from check to commit.
        services.AddSingleton(provider => new UsageAgainstQuota(
            provider.GetRequiredService<PendingUsage>(),
            provider.GetRequiredService<IDbContextFactory<ApplicationDbContext>>(),
            provider.GetRequiredService<IOptions<ReportPackOptions>>()));
        // The app's lock provider: an advisory lock per customer across instances on PostgreSQL, in process on SQLite.
        services.AddSingleton<IQuotaLock, DistributedQuotaLock>();
        services.AddSingleton<FeatureAccess>();
        services.AddSingleton<IFeatureAccess>(provider =>
        {
            var gating = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BillingOptions>>().Value.Gating;
            if (gating != GatingMode.Snapshot)
            {
                // Benchmark/diagnostic baselines only; the product always runs Snapshot.
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatingMode).FullName!)
                    .LogWarning("Billing:Gating is {GatingMode}: a benchmark/diagnostic mode, not for real use", gating);
            }
            return gating switch
            {
                GatingMode.Off => new UngatedFeatureAccess(),
                GatingMode.Naive => ActivatorUtilities.CreateInstance<NaiveFeatureAccess>(provider),
                _ => provider.GetRequiredService<FeatureAccess>(),
            };
        });

        services.AddSingleton<UsageRelaySignal>();
        services.AddSingleton<IUsageMeter, UsageMeter>();
        services.AddScoped<UsageDelivery>();
        services.AddScoped<ParkedUsage>();
        services.AddHostedService<UsageRelay>();

        services.AddScoped<BillingEventStore>();
        services.AddSingleton<SignupsInProgress>();
        services.AddScoped<SignupService>();
        services.AddScoped<SignupCompletion>();
        services.AddHostedService<PendingSignupCleanup>();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many requests from your address. Please wait a minute and try again.", cancellationToken);
            };
            limiter.AddPolicy(CheddarWebhookEndpoint.RateLimitPolicy, http => PerAddressPerMinute(
                http, http.RequestServices.GetRequiredService<IOptions<BillingOptions>>().Value.WebhookPermitsPerMinute));
            // Only submissions count: showing the form (and re-showing it with errors) is free.
            limiter.AddPolicy(SignupOptions.RateLimitPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? PerAddressPerMinute(http, http.RequestServices.GetRequiredService<IOptions<SignupOptions>>().Value.PermitsPerMinute)
                : RateLimitPartition.GetNoLimiter("reads"));
        });
        return builder;
    }

    private static RateLimitPartition<string> PerAddressPerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(
            $"{permits}:{http.Connection.RemoteIpAddress}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>Maps POST /webhooks/cheddar (anonymous: Cheddar signs instead; no antiforgery; rate-limited).</summary>
    public static WebApplication MapBilling(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapPost(CheddarWebhookEndpoint.Path, CheddarWebhookEndpoint.HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(CheddarWebhookEndpoint.RateLimitPolicy)
            .WithName("CheddarWebhook");
        return app;
    }
}
