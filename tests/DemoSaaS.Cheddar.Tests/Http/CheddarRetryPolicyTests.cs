using DemoSaaS.Cheddar.Http;

namespace DemoSaaS.Cheddar.Tests.Http;

/// <summary>The README's retry table, call by call.</summary>
public sealed class CheddarRetryPolicyTests
{
    [Theory]
    [InlineData("GET", "/xml/plans/get/productCode/P", true)]
    [InlineData("GET", "/xml/customers/get/productCode/P/code/C", true)]
    [InlineData("POST", "/xml/customers/get/productCode/P", true)]
    [InlineData("GET", "/xml/promotions/get/productCode/P/code/LAUNCH20", true)]
    [InlineData("POST", "/xml/customers/set-item-quantity/productCode/P/code/C/itemCode/I", true)]
    [InlineData("POST", "/xml/customers/edit-customer/productCode/P/code/C", true)]
    [InlineData("POST", "/xml/customers/cancel/productCode/P/code/C", true)]
    [InlineData("POST", "/xml/customers/new/productCode/P", false)]
    [InlineData("POST", "/xml/customers/add-item-quantity/productCode/P/code/C/itemCode/I", false)]
    [InlineData("POST", "/xml/customers/remove-item-quantity/productCode/P/code/C/itemCode/I", false)]
    [InlineData("POST", "/xml/customers/add-charge/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/customers/delete-charge/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/customers/delete/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/customers/delete-all/confirm/1/productCode/P", false)]
    [InlineData("POST", "/xml/customers/edit/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/customers/edit-subscription/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/customers/run-outstanding/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/invoices/new/productCode/P/code/C", false)]
    [InlineData("POST", "/xml/invoices/refund/productCode/P", false)]
    [InlineData("POST", "/xml/invoices/void/productCode/P", false)]
    [InlineData("POST", "/xml/invoices/void-or-refund/productCode/P", false)]
    [InlineData("POST", "/xml/invoices/send-email/productCode/P", false)]
    public void Only_calls_that_cannot_apply_twice_are_retried_after_an_ambiguous_failure(string method, string path, bool retried)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri("https://getcheddar.com"), path));

        Assert.Equal(retried, CheddarRetryPolicy.IsSafeToRetry(request));
    }

    [Fact]
    public void The_action_is_found_under_a_base_path()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.com/cheddar/xml/plans/get/productCode/P");

        Assert.Equal("plans/get", CheddarRetryPolicy.ActionOf(request));
    }
}
