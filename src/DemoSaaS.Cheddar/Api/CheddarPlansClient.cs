using DemoSaaS.Cheddar.Http;
using DemoSaaS.Cheddar.Models;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Api;

internal sealed class CheddarPlansClient(ICheddarPlansApi api, IOptionsMonitor<CheddarOptions> options) : ICheddarPlans
{
    private string Product => options.CurrentValue.ProductCode;

    public async Task<IReadOnlyList<Plan>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var document = await api.GetAll(Product, cancellationToken);
            CheddarErrorResponses.ThrowIfEmbeddedErrors(document);
            return document.Plans;
        }
        catch (CheddarException ex) when (CheddarResults.IsEmptyList(ex))
        {
            return [];
        }
    }

    public async Task<Plan> GetAsync(string planCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planCode);
        return CheddarResults.SinglePlan(await api.GetByCode(Product, planCode, cancellationToken));
    }

    public async Task<Plan> GetByIdAsync(string planId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planId);
        return CheddarResults.SinglePlan(await api.GetById(Product, planId, cancellationToken));
    }
}
