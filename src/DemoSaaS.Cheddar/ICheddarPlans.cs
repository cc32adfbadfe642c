using DemoSaaS.Cheddar.Models;

namespace DemoSaaS.Cheddar;

/// <summary>The product's pricing plans (read-only in Cheddar's API). Retried on transient failures.</summary>
public interface ICheddarPlans
{
    /// <summary>Every plan of the product, in Cheddar's order.</summary>
    Task<IReadOnlyList<Plan>> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>One plan by its code.</summary>
    /// <exception cref="CheddarException"><see cref="CheddarException.IsNotFound"/> for an unknown code.</exception>
    Task<Plan> GetAsync(string planCode, CancellationToken cancellationToken = default);

    /// <summary>One plan by Cheddar's id.</summary>
    Task<Plan> GetByIdAsync(string planId, CancellationToken cancellationToken = default);
}
