using DemoSaaS.Web.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DemoSaaS.Web.Infrastructure.Instances;

/// <summary>
/// For the load balancer's <c>/healthz</c>: healthy when the database answers and every migration of the configured
/// provider is applied (an instance of a newer version waits for its migrations before taking traffic). The
/// descriptions stay in the process: the endpoint answers only "Healthy" or "Unhealthy".
/// </summary>
internal sealed class DatabaseHealthCheck(DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> pending;
        try
        {
            // One query of the migrations history: it needs the database reachable, and tells what is not applied.
            pending = await migrator.PendingMigrationsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database did not answer.", ex);
        }
        return pending.Count == 0
            ? HealthCheckResult.Healthy("The database answers and every migration is applied.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied yet: {string.Join(", ", pending)}.");
    }
}
