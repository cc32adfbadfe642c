using DemoSaaS.Cheddar.Requests;

namespace DemoSaaS.Cheddar.Tests.Requests;

public sealed class FormEncodingTests
{
    private static readonly PaymentCard Visa = new() { Number = "4111 1111-1111 1111", ExpirationMonth = 4, ExpirationYear = 2030, CardCode = "123" };

    [Fact]
    public void Signup_uses_cheddars_bracketed_names_for_subscription_card_charges_items_and_metadata()
    {
        var request = new NewCustomerRequest
        {
            Code = "acme-42",
            FirstName = "Ada",
            LastName = "Lovelace",
            Email = "ada@example.com",
            Company = "Acme",
            TaxRate = 0.123m,
            IsTaxExempt = false,
            FirstContactDatetime = new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero),
            MetaData = new Dictionary<string, string> { ["userId"] = "42" },
            RemoteAddress = "203.0.113.7",
            Subscription = new NewSubscriptionRequest
            {
                PlanCode = "PRO",
                CouponCode = "LAUNCH20",
                InitialBillDate = new DateOnly(2026, 12, 1),
                Method = PaymentMethod.CreditCard,
                Card = Visa,
                CardHolder = new CardHolder { FirstName = "Ada", LastName = "Lovelace", Zip = "12345", Country = "US" },
            },
            Charges = [new ChargeRequest { ChargeCode = "SETUP", Quantity = 1, EachAmount = 5m, Description = "Onboarding" }],
            Items = [new ItemQuantityRequest { ItemCode = "REPORTS", Quantity = 2.5m }],
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["code"] = "acme-42",
            ["firstName"] = "Ada",
            ["lastName"] = "Lovelace",
            ["email"] = "ada@example.com",
            ["company"] = "Acme",
            ["taxRate"] = "0.123",
            ["isTaxExempt"] = "0",
            ["firstContactDatetime"] = "2026-11-26T18:00:00+00:00",
            ["metaData[userId]"] = "42",
            ["remoteAddress"] = "203.0.113.7",
            ["subscription[planCode]"] = "PRO",
            ["subscription[couponCode]"] = "LAUNCH20",
            ["subscription[initialBillDate]"] = "2026-12-01",
            ["subscription[method]"] = "cc",
            ["subscription[ccNumber]"] = "4111111111111111",
            ["subscription[ccExpiration]"] = "04/2030",
            ["subscription[ccCardCode]"] = "123",
            ["subscription[ccFirstName]"] = "Ada",
            ["subscription[ccLastName]"] = "Lovelace",
            ["subscription[ccCountry]"] = "US",
            ["subscription[ccZip]"] = "12345",
            ["charges[0][chargeCode]"] = "SETUP",
            ["charges[0][quantity]"] = "1",
            ["charges[0][eachAmount]"] = "5.00",
            ["charges[0][description]"] = "Onboarding",
            ["items[0][itemCode]"] = "REPORTS",
            ["items[0][quantity]"] = "2.5",
        }, request.ToForm());
    }

    [Fact]
    public void Free_signup_sends_only_the_required_fields()
    {
        var request = new NewCustomerRequest
        {
            Code = "free-1", FirstName = "F", LastName = "L", Email = "f@example.com",
            Subscription = new NewSubscriptionRequest { PlanCode = "FREE" },
        };

        Assert.Equal(["code", "firstName", "lastName", "email", "subscription[planCode]"], request.ToForm().Keys);
    }

    [Fact]
    public void Edit_subscription_uses_unprefixed_names_and_sends_only_what_changed()
    {
        var request = new EditSubscriptionRequest
        {
            PlanCode = "TEAM",
            CardHolder = new CardHolder { Zip = "06000" },
            ChangeBillDate = BillDate.Now,
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["planCode"] = "TEAM",
            ["ccZip"] = "06000",
            ["changeBillDate"] = "now",
        }, request.ToForm());
    }

    [Fact]
    public void Edit_subscription_with_a_new_card_and_a_bill_date()
    {
        var request = new EditSubscriptionRequest
        {
            Card = Visa with { Number = "5424000000000015" },
            ChangeBillDate = BillDate.On(new DateOnly(2027, 1, 10)),
            CouponCode = "LAUNCH20",
            RemoteAddress = "203.0.113.7",
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["couponCode"] = "LAUNCH20",
            ["ccNumber"] = "5424000000000015",
            ["ccExpiration"] = "04/2030",
            ["ccCardCode"] = "123",
            ["changeBillDate"] = "2027-01-10",
            ["remoteAddress"] = "203.0.113.7",
        }, request.ToForm());
    }

    [Fact]
    public void Edit_customer_sends_customer_fields_and_metadata()
    {
        var request = new EditCustomerRequest
        {
            FirstName = "Grace",
            IsTaxExempt = true,
            TaxNumber = "GB123",
            MetaData = new Dictionary<string, string> { ["team"] = "blue" },
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["firstName"] = "Grace",
            ["isTaxExempt"] = "1",
            ["taxNumber"] = "GB123",
            ["metaData[team]"] = "blue",
        }, request.ToForm());
    }

    [Fact]
    public void Credits_are_negative_with_two_decimals()
    {
        var request = new AddChargeRequest
        {
            Charge = new ChargeRequest { ChargeCode = "GOODWILL", Quantity = 1, EachAmount = -8m, Description = "Sorry" },
            InvoicePeriod = InvoicePeriod.Outstanding,
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["chargeCode"] = "GOODWILL",
            ["quantity"] = "1",
            ["eachAmount"] = "-8.00",
            ["description"] = "Sorry",
            ["invoicePeriod"] = "outstanding",
        }, request.ToForm());
    }

    [Fact]
    public void One_time_invoice_numbers_its_charges()
    {
        var request = new OneTimeInvoiceRequest
        {
            Charges =
            [
                new ChargeRequest { ChargeCode = "PACK", Quantity = 2, EachAmount = 10m },
                new ChargeRequest { ChargeCode = "RUSH", Quantity = 1, EachAmount = 4.5m, Description = "Rush" },
            ],
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["charges[0][chargeCode]"] = "PACK",
            ["charges[0][quantity]"] = "2",
            ["charges[0][eachAmount]"] = "10.00",
            ["charges[1][chargeCode]"] = "RUSH",
            ["charges[1][quantity]"] = "1",
            ["charges[1][eachAmount]"] = "4.50",
            ["charges[1][description]"] = "Rush",
        }, request.ToForm());
    }

    [Fact]
    public void Customer_list_filters_use_documented_names()
    {
        var filter = new CustomerListFilter
        {
            SubscriptionStatus = SubscriptionStatusFilter.CanceledOnly,
            PlanCodes = ["PRO", "TEAM"],
            CreatedAfterDate = new DateOnly(2026, 11, 1),
            OrderBy = "createdDatetime",
            Descending = true,
            Search = "Ada",
        };

        Assert.Equal(new Dictionary<string, string>
        {
            ["subscriptionStatus"] = "canceledOnly",
            ["planCode[0]"] = "PRO",
            ["planCode[1]"] = "TEAM",
            ["createdAfterDate"] = "2026-11-01",
            ["orderBy"] = "createdDatetime",
            ["orderByDirection"] = "desc",
            ["search"] = "Ada",
        }, filter.ToForm());
    }

    [Fact]
    public void Refund_names_the_invoice_by_number_and_the_amount_with_two_decimals()
    {
        Assert.Equal(new Dictionary<string, string> { ["number"] = "9", ["amount"] = "12.50" },
            new RefundRequest { InvoiceNumber = 9, Amount = 12.5m }.ToForm());
    }

    [Fact]
    public void Printing_a_request_never_shows_the_card_number_or_cvv()
    {
        var request = new NewSubscriptionRequest { PlanCode = "PRO", Card = Visa };

        var printed = request.ToString();
        Assert.DoesNotContain("4111111111111111", printed.Replace(" ", "").Replace("-", ""));
        Assert.DoesNotContain("123", printed);
        Assert.Contains("LastFour = 1111", printed);
    }
}
