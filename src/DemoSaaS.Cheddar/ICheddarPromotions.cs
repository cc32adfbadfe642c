using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar;

/// <summary>Promotions and their coupon codes (read-only). Retried on transient failures.</summary>
public interface ICheddarPromotions
{
    /// <summary>Every promotion; an empty list when the product has none.</summary>
    Task<IReadOnlyList<Promotion>> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The promotion a coupon code belongs to.</summary>
    /// <exception cref="CheddarException"><see cref="CheddarException.IsNotFound"/> for an unknown code.</exception>
    Task<Promotion> GetByCouponCodeAsync(string couponCode, CancellationToken cancellationToken = default);

    Task<Promotion> GetByIdAsync(string promotionId, CancellationToken cancellationToken = default);
}
