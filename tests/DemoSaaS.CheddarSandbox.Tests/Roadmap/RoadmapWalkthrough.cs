using System.Globalization;

namespace DemoSaaS.CheddarSandbox.Tests.Roadmap;

/// <summary>
/// The requests of docs/roadmap-walkthrough.md, section by section, with the customer codes suffixed so JSON and form
/// runs (and reruns) in one sandbox never collide. Keep these and the document's curl commands the same.
/// </summary>
public sealed class RoadmapWalkthrough(string suffix)
{
    private const string Product = "productCode/DEMOSAAS";
    private static readonly string Expiry = $"12/{DateTime.UtcNow.Year + 4}";

    public string Milton { get; } = "MILTON_WADDAMS_" + suffix;
    public string Bill { get; } = "BILL_LUMBERG_" + suffix;

    public string CardCustomer(string type) => $"CARD_{type.ToUpperInvariant()}_{suffix}";

    /// <summary>3.1 Adding a new customer — on a paid plan, with a card.</summary>
    public RoadmapRequest NewPaidCustomer() => Post($"/xml/customers/new/{Product}",
        $$$"""{"code":"{{{Milton}}}","firstName":"Milton","lastName":"Waddams","email":"milton@initech.example","subscription":{"planCode":"PRO","ccFirstName":"Milton","ccLastName":"Waddams","ccNumber":"4111111111111111","ccExpiration":"{{{Expiry}}}","ccCardCode":"123","ccZip":"90210"}}""",
        ("code", Milton), ("firstName", "Milton"), ("lastName", "Waddams"), ("email", "milton@initech.example"),
        ("subscription[planCode]", "PRO"), ("subscription[ccFirstName]", "Milton"), ("subscription[ccLastName]", "Waddams"),
        ("subscription[ccNumber]", "4111111111111111"), ("subscription[ccExpiration]", Expiry), ("subscription[ccCardCode]", "123"),
        ("subscription[ccZip]", "90210"));

    /// <summary>3.1 Adding a new customer — on the free plan, no card.</summary>
    public RoadmapRequest NewFreeCustomer() => Post($"/xml/customers/new/{Product}",
        $$$"""{"code":"{{{Bill}}}","firstName":"Bill","lastName":"Lumberg","email":"bill@initech.example","subscription":{"planCode":"FREE"}}""",
        ("code", Bill), ("firstName", "Bill"), ("lastName", "Lumberg"), ("email", "bill@initech.example"), ("subscription[planCode]", "FREE"));

    /// <summary>3.1.1 Fake credit card numbers: each of the roadmap's numbers signs up a PRO customer.</summary>
    public RoadmapRequest NewCustomerWithCard(string type, string number) => Post($"/xml/customers/new/{Product}",
        $$$"""{"code":"{{{CardCustomer(type)}}}","firstName":"Peter","lastName":"Gibbons","email":"peter@initech.example","subscription":{"planCode":"PRO","ccFirstName":"Peter","ccLastName":"Gibbons","ccNumber":"{{{number}}}","ccExpiration":"{{{Expiry}}}","ccCardCode":"1234","ccZip":"90210"}}""",
        ("code", CardCustomer(type)), ("firstName", "Peter"), ("lastName", "Gibbons"), ("email", "peter@initech.example"),
        ("subscription[planCode]", "PRO"), ("subscription[ccFirstName]", "Peter"), ("subscription[ccLastName]", "Gibbons"),
        ("subscription[ccNumber]", number), ("subscription[ccExpiration]", Expiry), ("subscription[ccCardCode]", "1234"),
        ("subscription[ccZip]", "90210"));

    /// <summary>3.2 Sending usage data: two reports for Milton.</summary>
    public RoadmapRequest AddUsage() => Post($"/xml/customers/add-item-quantity/{Product}/code/{Milton}/itemCode/REPORTS",
        """{"quantity":2}""", ("quantity", "2"));

    /// <summary>3.3 Updating a customer record: Bill moves from FREE to PRO with a card.</summary>
    public RoadmapRequest UpgradeBill() => Post($"/xml/customers/edit/{Product}/code/{Bill}",
        $$$"""{"subscription":{"planCode":"PRO","ccFirstName":"Bill","ccLastName":"Lumberg","ccNumber":"5424000000000015","ccExpiration":"{{{Expiry}}}","ccCardCode":"123","ccZip":"90210"}}""",
        ("subscription[planCode]", "PRO"), ("subscription[ccFirstName]", "Bill"), ("subscription[ccLastName]", "Lumberg"),
        ("subscription[ccNumber]", "5424000000000015"), ("subscription[ccExpiration]", Expiry), ("subscription[ccCardCode]", "123"),
        ("subscription[ccZip]", "90210"));

    /// <summary>3.3 … and cancels: no parameters beyond the path.</summary>
    public RoadmapRequest CancelBill() => Post($"/xml/customers/cancel/{Product}/code/{Bill}", null);

    /// <summary>3.4 Retrieving customer data for validation.</summary>
    public RoadmapRequest GetMilton() => new(HttpMethod.Get, $"/xml/customers/get/{Product}/code/{Milton}", null, []);

    /// <summary>3.5 Error handling: a customer that does not exist.</summary>
    public RoadmapRequest GetUnknown() => new(HttpMethod.Get, $"/xml/customers/get/{Product}/code/NOBODY_{suffix}", null, []);

    /// <summary>3.5 Error handling: no plan given.</summary>
    public RoadmapRequest NewCustomerWithoutPlan() => Post($"/xml/customers/new/{Product}",
        $$$"""{"code":"SAMIR_{{{suffix}}}","firstName":"Samir","lastName":"Nagheenanajar","email":"samir@initech.example"}""",
        ("code", "SAMIR_" + suffix), ("firstName", "Samir"), ("lastName", "Nagheenanajar"), ("email", "samir@initech.example"));

    /// <summary>3.5 Error handling: a declined card (the simulator's zip 06000 = auxCode 6000).</summary>
    public RoadmapRequest NewCustomerWithDeclinedCard() => Post($"/xml/customers/new/{Product}",
        $$$"""{"code":"MICHAEL_{{{suffix}}}","firstName":"Michael","lastName":"Bolton","email":"michael@initech.example","subscription":{"planCode":"PRO","ccFirstName":"Michael","ccLastName":"Bolton","ccNumber":"4111111111111111","ccExpiration":"{{{Expiry}}}","ccCardCode":"123","ccZip":"06000"}}""",
        ("code", "MICHAEL_" + suffix), ("firstName", "Michael"), ("lastName", "Bolton"), ("email", "michael@initech.example"),
        ("subscription[planCode]", "PRO"), ("subscription[ccFirstName]", "Michael"), ("subscription[ccLastName]", "Bolton"),
        ("subscription[ccNumber]", "4111111111111111"), ("subscription[ccExpiration]", Expiry), ("subscription[ccCardCode]", "123"),
        ("subscription[ccZip]", "06000"));

    /// <summary>4 One-time invoices: charged at once to Milton's card.</summary>
    public RoadmapRequest OneTimeInvoice() => Post($"/xml/invoices/new/{Product}/code/{Milton}",
        """{"charges":[{"chargeCode":"ONBOARDING","quantity":1,"eachAmount":25.00,"description":"Onboarding call"}]}""",
        ("charges[0][chargeCode]", "ONBOARDING"), ("charges[0][quantity]", "1"), ("charges[0][eachAmount]", "25.00"),
        ("charges[0][description]", "Onboarding call"));

    /// <summary>4 Promotions: read the LAUNCH20 promotion …</summary>
    public RoadmapRequest GetPromotion() => new(HttpMethod.Get, $"/xml/promotions/get/{Product}/code/LAUNCH20", null, []);

    /// <summary>4 … and apply its coupon to Milton's subscription.</summary>
    public RoadmapRequest ApplyCoupon() => Post($"/xml/customers/edit-subscription/{Product}/code/{Milton}",
        """{"couponCode":"LAUNCH20"}""", ("couponCode", "LAUNCH20"));

    /// <summary>4 Custom billing frequency: move Milton's next bill date.</summary>
    public RoadmapRequest ChangeBillDate(DateOnly date)
    {
        var text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Post($"/xml/customers/edit/{Product}/code/{Milton}",
            $$$"""{"subscription":{"changeBillDate":"{{{text}}}"}}""", ("subscription[changeBillDate]", text));
    }

    private static RoadmapRequest Post(string path, string? json, params (string Key, string Value)[] form) => new(HttpMethod.Post, path, json, form);
}
