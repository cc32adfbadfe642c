using DemoSaaS.Web.Data;

namespace DemoSaaS.Web.Features.Billing;

/// <summary>
/// Records one use of a metered feature in the caller's unit of work: the use is saved in the same
/// transaction as what the user made (the outbox), and a background relay delivers it to Cheddar.
/// </summary>
public interface IUsageMeter
{
    /// <summary>Adds the usage row to <paramref name="db"/>; the caller's SaveChanges commits both together.</summary>
    void Record(ApplicationDbContext db, string userId, MeteredFeature feature, decimal quantity = 1);
}
