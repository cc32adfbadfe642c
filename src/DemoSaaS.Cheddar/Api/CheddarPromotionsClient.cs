using DemoSaaS.Cheddar.Http;
using DemoSaaS.Cheddar.Models;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Api;

internal sealed class CheddarPromotionsClient(ICheddarPromotionsApi api, IOptionsMonitor<CheddarOptions> options) : ICheddarPromotions
{
    private string Product => options.CurrentValue.ProductCode;

    public async Task<IReadOnlyList<Promotion>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var document = await api.GetAll(Product, cancellationToken);
            CheddarErrorResponses.ThrowIfEmbeddedErrors(document);
            return document.Promotions;
        }
        catch (CheddarException ex) when (CheddarResults.IsEmptyList(ex))
        {
            return [];
        }
    }

    public async Task<Promotion> GetByCouponCodeAsync(string couponCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(couponCode);
        return CheddarResults.SinglePromotion(await api.GetByCode(Product, couponCode, cancellationToken));
    }

    public async Task<Promotion> GetByIdAsync(string promotionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promotionId);
        return CheddarResults.SinglePromotion(await api.GetById(Product, promotionId, cancellationToken));
    }
}
