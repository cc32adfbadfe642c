using System.Net;

namespace DemoSaaS.CheddarSandbox.Tests;

public sealed class PlansAndPromotionsTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    /// <summary>Element order of a plan in real (2011+) responses.</summary>
    private static readonly string[] PlanElements =
    [
        "name", "displayName", "description", "isActive", "isFree", "paymentMethodIsRequired", "trialDays", "initialBillCount",
        "initialBillCountUnit", "initialInvoiceBillingDatetime", "billingFrequency", "billingFrequencyPer", "billingFrequencyUnit",
        "billingFrequencyQuantity", "nextInvoiceBillingDatetime", "setupChargeCode", "setupChargeAmount", "recurringChargeCode",
        "recurringChargeAmount", "onChangeInitialBillHandler", "setupChargeBillHandler", "onChangeSetupChargeBillHandler",
        "createdDatetime", "items",
    ];

    [Fact]
    public async Task Plans_get_lists_the_DemoSaaS_catalog_in_Cheddars_shape()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var plans = reply.Root.Elements("plan").ToList();
        Assert.Equal(["FREE", "PRO", "TEAM"], plans.Select(p => p.Attribute("code")!.Value));
        Assert.All(plans, p => Assert.Equal(PlanElements, p.ChildNames()));
        Assert.All(plans, p => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", p.Attribute("id")!.Value));

        var pro = plans[1];
        Assert.Equal("19.00", pro.Element("recurringChargeAmount")!.Value);
        Assert.Equal("PRO_RECURRING", pro.Element("recurringChargeCode")!.Value);
        Assert.Equal("0", pro.Element("isFree")!.Value);
        Assert.Equal("14", pro.Element("trialDays")!.Value);
        Assert.Equal("days", pro.Element("initialBillCountUnit")!.Value);
        Assert.Equal("", pro.Element("setupChargeCode")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", pro.Element("createdDatetime")!.Value);
        var items = pro.Element("items")!.Elements("item").ToList();
        Assert.Equal(["REPORTS", "EXPORTS"], items.Select(i => i.Attribute("code")!.Value));
        Assert.Equal(["name", "quantityIncluded", "isPeriodic", "overageAmount", "createdDatetime"], items[0].ChildNames());
        Assert.Equal("500", items[0].Element("quantityIncluded")!.Value);
        Assert.Equal("0.05", items[0].Element("overageAmount")!.Value);
        Assert.Equal("0.10", items[1].Element("overageAmount")!.Value);
        Assert.Equal("1", items[1].Element("isPeriodic")!.Value);

        var free = plans[0];
        Assert.Equal("1", free.Element("isFree")!.Value);
        Assert.Equal("0.00", free.Element("recurringChargeAmount")!.Value);
        var freeItem = Assert.Single(free.Element("items")!.Elements("item"));
        Assert.Equal(("REPORTS", "20", "0.00"), (freeItem.Attribute("code")!.Value, freeItem.Element("quantityIncluded")!.Value, freeItem.Element("overageAmount")!.Value));
        Assert.Equal("49.00", plans[2].Element("recurringChargeAmount")!.Value);
    }

    [Fact]
    public async Task One_plan_by_code_or_id_and_unknown_code_is_404()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var byCode = await cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}/code/TEAM");
        var id = Assert.Single(byCode.Root.Elements("plan")).Attribute("id")!.Value;
        var byId = await cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}/id/{id}");
        Assert.Equal("TEAM", Assert.Single(byId.Root.Elements("plan")).Attribute("code")!.Value);
        (await cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}/code/GOLD"))
            .ShouldBeError(404, "Plan not found for code=GOLD within productCode=DEMOSAAS");
    }

    [Fact]
    public async Task Plan_ids_are_stable_across_sandboxes()
    {
        await using var other = new SandboxServer();
        await other.InitializeAsync();
        using var first = CheddarHttp.For(sandbox);
        using var second = CheddarHttp.For(other);
        var a = (await first.GetAsync($"/xml/plans/get/{CheddarHttp.Product}/code/PRO")).Root.Element("plan")!.Attribute("id")!.Value;
        var b = (await second.GetAsync($"/xml/plans/get/{CheddarHttp.Product}/code/PRO")).Root.Element("plan")!.Attribute("id")!.Value;
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Promotions_get_shows_LAUNCH20_in_Cheddars_shape()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.GetAsync($"/xml/promotions/get/{CheddarHttp.Product}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var promotion = Assert.Single(reply.Root.Elements("promotion"));
        Assert.Equal(["name", "description", "createdDatetime", "plans", "incentives", "coupons"], promotion.ChildNames());
        var incentive = promotion.Element("incentives")!.Element("incentive")!;
        Assert.Equal(["type", "percentage", "months"], incentive.ChildNames());
        Assert.Equal(("percentage", "20", "3"), (incentive.Element("type")!.Value, incentive.Element("percentage")!.Value, incentive.Element("months")!.Value));
        var coupon = promotion.Element("coupons")!.Element("coupon")!;
        Assert.Equal("LAUNCH20", coupon.Attribute("code")!.Value);
        Assert.Equal(["code", "maxRedemptions", "expirationDatetime", "createdDatetime"], coupon.ChildNames());
        Assert.Equal(["PRO", "TEAM"], promotion.Element("plans")!.Elements("plan").Select(p => p.Element("code")!.Value));

        var one = await cheddar.GetAsync($"/xml/promotions/get/{CheddarHttp.Product}/code/LAUNCH20");
        Assert.Single(one.Root.Elements("promotion"));
        (await cheddar.GetAsync($"/xml/promotions/get/{CheddarHttp.Product}/code/NOPE")).ShouldBeError(404, "Promotion not found for code=NOPE");
    }
}
