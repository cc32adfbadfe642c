using System.Security.Cryptography;
using System.Text;
using DemoSaaS.CheddarSandbox.Hosting;
using Microsoft.Extensions.Options;

namespace DemoSaaS.CheddarSandbox.Catalog;

/// <summary>The product's catalog with stable ids (derived from the product id and the codes, so they survive restarts).</summary>
public sealed class SandboxCatalog
{
    private readonly Dictionary<string, PlanDefinition> _plansByCode;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Kind, string Code), string> _stableIds = new();

    public SandboxCatalog(IOptions<CatalogOptions> catalog, IOptions<CheddarSandboxOptions> sandbox)
    {
        var options = catalog.Value;
        ProductId = sandbox.Value.ProductId;
        Plans = options.Plans.Count > 0 ? options.Plans : CatalogDefaults.Plans();
        Promotions = options.Plans.Count > 0 ? options.Promotions : CatalogDefaults.Promotions();
        CreatedDatetime = options.CreatedDatetime;
        _plansByCode = Plans.ToDictionary(p => p.Code, StringComparer.Ordinal);
    }

    public string ProductId { get; }
    public IReadOnlyList<PlanDefinition> Plans { get; }
    public IReadOnlyList<PromotionDefinition> Promotions { get; }
    public DateTimeOffset CreatedDatetime { get; }

    public PlanDefinition? FindPlan(string code) => _plansByCode.GetValueOrDefault(code);

    public PlanDefinition? FindPlanById(string id) => Plans.FirstOrDefault(p => PlanId(p) == id);

    public PromotionDefinition? FindPromotionByCoupon(string couponCode) =>
        Promotions.FirstOrDefault(p => string.Equals(p.CouponCode, couponCode, StringComparison.OrdinalIgnoreCase));

    public PromotionDefinition? FindPromotionById(string id) => Promotions.FirstOrDefault(p => PromotionId(p) == id);

    public string PlanId(PlanDefinition plan) => StableId("plan", plan.Code);

    public string ItemId(PlanDefinition plan, PlanItemDefinition item) => StableId("item", plan.Code + "/" + item.Code);

    public string PromotionId(PromotionDefinition promotion) => StableId("promotion", promotion.CouponCode);

    public string IncentiveId(PromotionDefinition promotion) => StableId("incentive", promotion.CouponCode);

    public string CouponId(PromotionDefinition promotion) => StableId("coupon", promotion.CouponCode);

    public static string RecurringChargeCode(PlanDefinition plan) => plan.Code + "_RECURRING";

    public static string SetupChargeCode(PlanDefinition plan) => plan.SetupChargeAmount > 0m ? plan.Code + "_SETUP" : "";

    // Every customer document repeats its plan's and items' ids; the catalog never changes, so each is hashed once.
    private string StableId(string kind, string code) => _stableIds.GetOrAdd((kind, code), key => NameBasedId(key.Kind, key.Code));

    private string NameBasedId(string kind, string code)
    {
        // Name-based UUID: same product + code => same id on every start and every machine.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes($"{ProductId}:{kind}:{code}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }
}
