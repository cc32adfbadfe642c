using System.Net;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.Cheddar.Tests.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Cheddar.Tests.Api;

public sealed class CustomersClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ICheddarCustomers Customers => sandbox.Customers;

    [Fact]
    public async Task Free_signup_creates_an_active_customer_without_a_card()
    {
        var code = Signups.NewCode("free");

        var customer = await Customers.CreateAsync(Signups.Free(code) with { MetaData = new Dictionary<string, string> { ["userId"] = "7" } }, Ct);

        Assert.Equal(code, customer.Code);
        Assert.Equal("7", customer.FindMetaData("userId"));
        var subscription = customer.CurrentSubscription!;
        Assert.Equal("FREE", subscription.Plan.Code);
        Assert.True(subscription.IsActive(DateTimeOffset.UtcNow));
        Assert.False(subscription.IsInTrial(DateTimeOffset.UtcNow));
        Assert.Null(subscription.CcLastFour);
    }

    [Fact]
    public async Task Paid_signup_with_card_and_coupon_starts_a_trial_and_keeps_only_the_last_four_digits()
    {
        var code = Signups.NewCode("pro");

        var customer = await Customers.CreateAsync(Signups.Paid(code, coupon: "LAUNCH20", card: Signups.MasterCard), Ct);

        var subscription = customer.CurrentSubscription!;
        Assert.Equal(("PRO", "mc", "0015"), (subscription.Plan.Code, subscription.CcType, subscription.CcLastFour));
        Assert.True(subscription.IsInTrial(DateTimeOffset.UtcNow));
        Assert.False(subscription.IsPastDue(DateTimeOffset.UtcNow));
        Assert.True(subscription.CurrentInvoice!.BillingDatetime > DateTimeOffset.UtcNow.AddDays(13));
        Assert.Equal(500m, subscription.FindUsage("REPORTS")!.Remaining);
    }

    [Fact]
    public async Task Find_returns_the_customer_or_null_when_cheddar_has_no_such_customer()
    {
        var code = Signups.NewCode("find");
        Assert.Null(await Customers.FindAsync(code, Ct));

        await Customers.CreateAsync(Signups.Free(code), Ct);

        Assert.Equal(code, (await Customers.FindAsync(code, Ct))!.Code);
    }

    [Fact]
    public async Task Only_cheddars_customer_not_found_counts_as_the_customer_missing_not_any_404()
    {
        var code = Signups.NewCode("items");
        await Customers.CreateAsync(Signups.Free(code), Ct);

        var missingCustomer = await Assert.ThrowsAsync<CheddarException>(() => Customers.GetAsync(Signups.NewCode("nobody"), Ct));
        var missingItem = await Assert.ThrowsAsync<CheddarException>(
            () => sandbox.TrackedItems.AddQuantityAsync(code, "NO_SUCH_ITEM", 1, Ct));

        Assert.True(missingCustomer.IsCustomerNotFound);
        Assert.True(missingItem.IsNotFound);
        Assert.False(missingItem.IsCustomerNotFound);
    }

    [Fact]
    public async Task Team_signup_bills_at_once_and_is_not_a_trial()
    {
        var customer = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("team"), plan: "TEAM"), Ct);

        var subscription = customer.CurrentSubscription!;
        Assert.False(subscription.IsInTrial(DateTimeOffset.UtcNow));
        Assert.Contains(subscription.Invoices, i => i.IsPaid && i.Transactions.Any(t => t.IsApproved && t.Amount == 49.00m));
    }

    [Fact]
    public async Task A_declined_card_at_signup_creates_nothing()
    {
        var code = Signups.NewCode("declined");

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(Signups.Paid(code, zip: "06000"), Ct));

        Assert.True(error.IsGatewayDecline);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "6000"), (error.StatusCode, error.AuxCode));
        Assert.Equal("The transaction was declined", error.CheddarMessage);
        Assert.Null(error.Customer);
        Assert.True((await Assert.ThrowsAsync<CheddarException>(() => Customers.GetAsync(code, Ct))).IsNotFound);
    }

    [Theory]
    [InlineData("05003", "5003", 422)]
    [InlineData("06001", "6001", 422)]
    [InlineData("04000", "4000", 502)]
    [InlineData("01000", "1000", 500)]
    public async Task Gateway_failures_at_signup_carry_their_aux_code_and_create_nothing(string zip, string auxCode, int status)
    {
        var code = Signups.NewCode("gateway");

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(Signups.Paid(code, zip: zip), Ct));

        Assert.Equal(((HttpStatusCode)status, auxCode), (error.StatusCode, error.AuxCode));
        Assert.Equal(status == 422, error.IsGatewayDecline);
        Assert.Equal(status == 502, error.IsGatewayUnavailable);
        Assert.Empty(await Customers.ListAsync(new CustomerListFilter { Search = code }, Ct));
    }

    [Fact]
    public async Task An_invalid_card_number_is_a_validation_error_on_the_card_number()
    {
        var request = Signups.Paid(Signups.NewCode("luhn"), card: Signups.Visa with { Number = "4111111111111112" });

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(request, Ct));

        Assert.True(error.IsValidation || error.IsGatewayDecline);
        Assert.True(error.FieldName == "subscription[ccNumber]" || error.AuxCode == "5001", error.Message);
    }

    [Fact]
    public async Task A_card_number_with_letters_is_sent_as_typed_and_refused_on_the_card_number()
    {
        var request = Signups.Paid(Signups.NewCode("letters"), card: Signups.Visa with { Number = "4111 1111 1111 111x" });

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(request, Ct));

        Assert.Equal("subscription[ccNumber]", error.FieldName);
    }

    [Fact]
    public async Task An_expiry_month_out_of_range_is_refused_on_the_expiration()
    {
        var request = Signups.Paid(Signups.NewCode("expiry"), card: Signups.Visa with { ExpirationMonth = 13 });

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(request, Ct));

        Assert.Equal("subscription[ccExpiration]", error.FieldName);
    }

    [Fact]
    public async Task A_paid_signup_without_card_data_names_the_missing_field()
    {
        var request = Signups.Paid(Signups.NewCode("nocard"));
        request = request with { Subscription = request.Subscription with { Card = null } };

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(request, Ct));

        Assert.True(error.IsValidation);
        Assert.Equal("subscription[ccNumber]", error.FieldName);
    }

    [Fact]
    public async Task A_duplicate_customer_code_is_a_validation_error_on_code()
    {
        var code = Signups.NewCode("dup");
        await Customers.CreateAsync(Signups.Free(code), Ct);

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(Signups.Free(code), Ct));

        Assert.True(error.IsValidation);
        Assert.Equal("code", error.FieldName);
    }

    [Fact]
    public async Task An_unknown_plan_or_coupon_at_signup_is_refused()
    {
        var unknownPlan = Signups.Free(Signups.NewCode("noplan")) with { Subscription = new NewSubscriptionRequest { PlanCode = "GOLD" } };
        var badCoupon = Signups.Paid(Signups.NewCode("nocoupon"), coupon: "NOPE99");

        var planError = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(unknownPlan, Ct));
        var couponError = await Assert.ThrowsAsync<CheddarException>(() => Customers.CreateAsync(badCoupon, Ct));

        Assert.Contains("GOLD", planError.CheddarMessage);
        Assert.Equal("subscription[couponCode]", couponError.FieldName);
    }

    [Fact]
    public async Task Codes_with_spaces_slashes_and_plus_signs_round_trip()
    {
        var code = "team a/b+c " + Guid.NewGuid().ToString("N")[..6];
        await Customers.CreateAsync(Signups.Free(code) with { Email = "odd@example.com" }, Ct);

        Assert.Equal(code, (await Customers.GetAsync(code, Ct)).Code);
    }

    [Fact]
    public async Task A_customer_is_found_by_code_id_and_invoice_number()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("lookup")), Ct);
        var invoiceNumber = created.CurrentSubscription!.CurrentInvoice!.Number;

        Assert.Equal(created.Id, (await Customers.GetAsync(created.Code, Ct)).Id);
        Assert.Equal(created.Code, (await Customers.GetByIdAsync(created.Id, Ct)).Code);
        Assert.Equal(created.Code, (await Customers.GetByInvoiceNumberAsync(invoiceNumber, Ct)).Code);
    }

    [Fact]
    public async Task An_unknown_customer_is_not_found()
    {
        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.GetAsync("nobody-" + Guid.NewGuid(), Ct));

        Assert.True(error.IsNotFound);
        Assert.Equal("Customer not found", error.CheddarMessage);
    }

    [Fact]
    public async Task Listing_filters_by_search_plan_and_status_and_no_match_is_an_empty_list()
    {
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..8];
        var free = await Customers.CreateAsync(Signups.Free(Signups.NewCode("list")) with { LastName = marker }, Ct);
        var pro = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("list")) with { LastName = marker }, Ct);
        await Customers.CancelAsync(free.Code, Ct);

        var all = await Customers.ListAsync(new CustomerListFilter { Search = marker }, Ct);
        var proOnly = await Customers.ListAsync(new CustomerListFilter { Search = marker, PlanCodes = ["PRO", "TEAM"] }, Ct);
        var canceled = await Customers.ListAsync(new CustomerListFilter { Search = marker, SubscriptionStatus = SubscriptionStatusFilter.CanceledOnly }, Ct);
        var none = await Customers.ListAsync(new CustomerListFilter { Search = "no-such-" + marker }, Ct);

        Assert.Equal(new[] { free.Code, pro.Code }.Order(), all.Select(c => c.Code).Order());
        Assert.Equal(pro.Code, Assert.Single(proOnly).Code);
        Assert.Equal(free.Code, Assert.Single(canceled).Code);
        Assert.Empty(none);
        Assert.Contains(await Customers.ListAsync(cancellationToken: Ct), c => c.Code == pro.Code);
    }

    [Fact]
    public async Task Edit_customer_changes_only_the_given_fields()
    {
        var created = await Customers.CreateAsync(Signups.Free(Signups.NewCode("edit")) with { Company = "Old Co" }, Ct);

        var edited = await Customers.EditCustomerAsync(created.Code, new EditCustomerRequest
        {
            FirstName = "Grace",
            MetaData = new Dictionary<string, string> { ["team"] = "blue" },
        }, Ct);

        Assert.Equal(("Grace", "Tester", "Old Co", "blue"), (edited.FirstName, edited.LastName, edited.Company, edited.FindMetaData("team")));
    }

    [Fact]
    public async Task Edit_customer_with_an_invalid_email_names_the_field_and_changes_nothing()
    {
        var created = await Customers.CreateAsync(Signups.Free(Signups.NewCode("bademail")), Ct);

        var error = await Assert.ThrowsAsync<CheddarException>(() =>
            Customers.EditCustomerAsync(created.Code, new EditCustomerRequest { Email = "not-an-email", FirstName = "Changed" }, Ct));

        Assert.Equal("email", error.FieldName);
        Assert.Equal(created.FirstName, (await Customers.GetAsync(created.Code, Ct)).FirstName);
    }

    [Fact]
    public async Task Upgrading_from_free_to_pro_with_a_card_starts_a_new_subscription()
    {
        var created = await Customers.CreateAsync(Signups.Free(Signups.NewCode("upgrade")), Ct);

        var upgraded = await Customers.EditSubscriptionAsync(created.Code, new EditSubscriptionRequest
        {
            PlanCode = "PRO",
            Card = Signups.Visa,
            CardHolder = new CardHolder { FirstName = "Paid", LastName = "Tester", Zip = "12345" },
        }, Ct);

        Assert.Equal(["PRO", "FREE"], upgraded.Subscriptions.Select(s => s.Plan.Code));
        Assert.Equal("1111", upgraded.CurrentSubscription!.CcLastFour);
    }

    [Fact]
    public async Task Edit_changes_customer_and_subscription_in_one_call()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("both")), Ct);

        var edited = await Customers.EditAsync(created.Code,
            new EditCustomerRequest { Company = "New Co" },
            new EditSubscriptionRequest { CouponCode = "LAUNCH20", CardHolder = new CardHolder { City = "Springfield" } }, Ct);

        Assert.Equal(("New Co", "Springfield", "LAUNCH20"), (edited.Company, edited.CurrentSubscription!.CcCity, edited.CurrentSubscription.CouponCode));
    }

    [Fact]
    public async Task Changing_the_bill_date_moves_the_next_invoice()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("billdate")), Ct);
        var newDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(40));

        var edited = await Customers.EditSubscriptionAsync(created.Code, new EditSubscriptionRequest { ChangeBillDate = BillDate.On(newDate) }, Ct);

        Assert.Equal(newDate, DateOnly.FromDateTime(edited.CurrentSubscription!.CurrentInvoice!.BillingDatetime!.Value.UtcDateTime));
    }

    [Fact]
    public async Task A_declined_new_card_comes_back_with_the_unchanged_customer()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("newcard")), Ct);

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.EditSubscriptionAsync(created.Code, new EditSubscriptionRequest
        {
            Card = Signups.MasterCard,
            CardHolder = new CardHolder { Zip = "06000" },
        }, Ct));

        Assert.True(error.IsGatewayDecline);
        Assert.Equal("6000", error.AuxCode);
        Assert.True(error.CustomerWasChanged);
        Assert.Equal("1111", error.Customer!.CurrentSubscription!.CcLastFour);
    }

    [Fact]
    public async Task Billing_now_with_a_card_that_later_fails_leaves_the_customer_past_due_until_paid()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("dunning"), zip: "16000"), Ct);

        var declined = await Assert.ThrowsAsync<CheddarException>(() =>
            Customers.EditSubscriptionAsync(created.Code, new EditSubscriptionRequest { ChangeBillDate = BillDate.Now }, Ct));
        Assert.Equal("6000", declined.AuxCode);
        Assert.True(declined.Customer!.CurrentSubscription!.IsPastDue(DateTimeOffset.UtcNow.AddSeconds(1)));

        var stillDeclined = await Assert.ThrowsAsync<CheddarException>(() => Customers.RunOutstandingAsync(created.Code, cancellationToken: Ct));
        Assert.True(stillDeclined.IsGatewayDecline);

        await Customers.EditSubscriptionAsync(created.Code, new EditSubscriptionRequest { CardHolder = new CardHolder { Zip = "12345" } }, Ct);
        var paid = await Customers.RunOutstandingAsync(created.Code, "123", Ct);
        Assert.False(paid.CurrentSubscription!.IsPastDue(DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task Run_outstanding_without_an_outstanding_invoice_is_refused()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("nothingdue")), Ct);

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.RunOutstandingAsync(created.Code, cancellationToken: Ct));

        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Cancel_ends_the_subscription_now_and_a_second_cancel_changes_nothing()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("cancel")), Ct);

        var canceled = await Customers.CancelAsync(created.Code, Ct);
        var again = await Customers.CancelAsync(created.Code, Ct);

        var subscription = canceled.CurrentSubscription!;
        Assert.False(subscription.IsActive(DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal("customer", subscription.CancelType);
        Assert.Equal(subscription.CanceledDatetime, again.CurrentSubscription!.CanceledDatetime);
    }

    [Fact]
    public async Task Delete_removes_the_customer_and_a_second_delete_is_not_found()
    {
        var created = await Customers.CreateAsync(Signups.Free(Signups.NewCode("delete")), Ct);

        await Customers.DeleteAsync(created.Code, Ct);

        Assert.True((await Assert.ThrowsAsync<CheddarException>(() => Customers.GetAsync(created.Code, Ct))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<CheddarException>(() => Customers.DeleteAsync(created.Code, Ct))).IsNotFound);
    }

    [Fact]
    public async Task Custom_charges_and_credits_land_on_the_current_invoice_and_can_be_removed()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("charges")), Ct);

        var charged = await Customers.AddChargeAsync(created.Code, new AddChargeRequest
        {
            Charge = new ChargeRequest { ChargeCode = "GOODWILL", Quantity = 1, EachAmount = -5m, Description = "Sorry" },
        }, Ct);
        var credit = charged.CurrentSubscription!.CurrentInvoice!.Charges.Single(c => c.Code == "GOODWILL");
        Assert.Equal((-5m, "Sorry"), (credit.Amount, credit.Description));
        Assert.NotNull(credit.Id);

        var removed = await Customers.DeleteChargeAsync(created.Code, credit.Id!, cancellationToken: Ct);
        Assert.DoesNotContain(removed.CurrentSubscription!.CurrentInvoice!.Charges, c => c.Code == "GOODWILL");
    }

    [Fact]
    public async Task Add_charge_with_a_zero_quantity_is_a_validation_error_on_quantity()
    {
        var created = await Customers.CreateAsync(Signups.Paid(Signups.NewCode("badcharge")), Ct);

        var error = await Assert.ThrowsAsync<CheddarException>(() => Customers.AddChargeAsync(created.Code, new AddChargeRequest
        {
            Charge = new ChargeRequest { ChargeCode = "X", Quantity = 0, EachAmount = 1m },
        }, Ct));

        Assert.Equal("quantity", error.FieldName);
    }

    [Fact]
    public async Task Wrong_credentials_are_an_authentication_error()
    {
        await using var client = SandboxFixture.BuildClient(sandbox.Sandbox.BaseAddress, new() { ["Cheddar:Password"] = "wrong" });

        var error = await Assert.ThrowsAsync<CheddarException>(() => client.GetRequiredService<ICheddarCustomers>().GetAsync("anyone", Ct));

        Assert.True(error.IsAuthentication);
    }

    [Fact]
    public async Task An_unknown_product_code_is_refused()
    {
        await using var client = SandboxFixture.BuildClient(sandbox.Sandbox.BaseAddress, new() { ["Cheddar:ProductCode"] = "OTHER" });

        var error = await Assert.ThrowsAsync<CheddarException>(() => client.GetRequiredService<ICheddarPlans>().GetAllAsync(Ct));

        Assert.True(error.IsAuthentication);
        Assert.Contains("productCode=OTHER", error.CheddarMessage);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_any_call()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Customers.GetAsync(" ", Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Customers.CreateAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Customers.GetByInvoiceNumberAsync(0, Ct));
    }
}
