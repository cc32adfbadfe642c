using DemoSaaS.MultiInstance.Tests.Infrastructure;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.MultiInstance.Tests.Metering;

/// <summary>A metered use on an instance the way a feature page makes one (without the page's own row, e.g. a report).</summary>
public static class MeteredUse
{
    /// <summary>
    /// The customer's quota lock, the gate, and the use recorded in its own unit of work (ReportService's order). True when
    /// the gate allowed it and the use was committed.
    /// </summary>
    public static async Task<bool> UseReportAsync(this AppInstance instance, string customerCode, CancellationToken cancellationToken)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var held = await services.GetRequiredService<IQuotaLock>().AcquireAsync(customerCode, cancellationToken);
        var decision = await services.GetRequiredService<IFeatureAccess>().CheckForUseAsync(customerCode, MeteredFeature.Reports, cancellationToken);
        if (!decision.Allowed)
        {
            return false;
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(cancellationToken);
        services.GetRequiredService<IUsageMeter>().Record(db, customerCode, MeteredFeature.Reports);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The authoritative decision a use would be recorded on (under the customer's quota lock), without recording one.</summary>
    public static async Task<AccessDecision> CheckReportForUseAsync(this AppInstance instance, string customerCode, CancellationToken cancellationToken)
    {
        await using var held = await instance.Services.GetRequiredService<IQuotaLock>().AcquireAsync(customerCode, cancellationToken);
        return await instance.Services.GetRequiredService<IFeatureAccess>().CheckForUseAsync(customerCode, MeteredFeature.Reports, cancellationToken);
    }

    /// <summary>The gate's decision on the instance for one more report (a page view: no lock, no use).</summary>
    public static Task<AccessDecision> CheckReportAsync(this AppInstance instance, string customerCode, CancellationToken cancellationToken) =>
        instance.Services.GetRequiredService<IFeatureAccess>().CheckAsync(customerCode, MeteredFeature.Reports, cancellationToken);
}
