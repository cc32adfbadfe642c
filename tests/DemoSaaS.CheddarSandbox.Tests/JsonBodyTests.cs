using System.Net;
using System.Text;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>JSON request bodies read as the same bracketed parameters as forms; a body the sandbox cannot read is refused, never ignored.</summary>
public sealed class JsonBodyTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    private readonly CheddarHttp _cheddar = CheddarHttp.For(sandbox);

    private static string Code() => "j-" + Guid.NewGuid().ToString("N")[..12];

    private static string AddReports(string code) => $"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS";

    private Task<CheddarReply> PostAsync(string path, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return _cheddar.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });
    }

    [Fact]
    public async Task A_json_quantity_of_2_adds_2()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "FREE");
        var reply = await PostAsync(AddReports(code), """{"quantity":2}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("2", reply.Customer.ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Json_numbers_are_judged_by_the_same_rules_as_form_text()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        Assert.Equal("2.5", (await PostAsync(AddReports(code), """{"quantity":2.50}""", "application/json; charset=utf-8")).Customer.ItemQuantity("REPORTS"));
        (await PostAsync(AddReports(code), """{"quantity":1.00001}""", "application/json"))
            .ShouldBeError(412, "'1.00001' does not appear to be a number with at most 4 decimals: quantity", "quantity:notFloat");
        (await PostAsync(AddReports(code), """{"quantity":"abc"}""", "application/json"))
            .ShouldBeError(412, "'abc' does not appear to be a number with at most 4 decimals: quantity", "quantity:notFloat");
        Assert.Equal("2.5", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task Json_metadata_booleans_and_nested_subscription_fields_reach_the_customer()
    {
        var code = Code();
        var reply = await PostAsync($"/xml/customers/new/{CheddarHttp.Product}",
            $$$"""{"code":"{{{code}}}","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","isVatExempt":true,"metaData":{"source":"roadmap","seats":3},"subscription":{"planCode":"FREE"}}""",
            "application/json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var customer = reply.Customer;
        Assert.Equal("1", customer.Element("isVatExempt")!.Value);
        Assert.Equal(
            [("source", "roadmap"), ("seats", "3")],
            customer.Element("metaData")!.Elements("metaDatum").Select(d => (d.Element("name")!.Value, d.Element("value")!.Value)));
        Assert.Equal("FREE", customer.Subscription().Element("plans")!.Element("plan")!.Attribute("code")!.Value);
    }

    [Theory]
    [InlineData("""{"quantity":2""", "application/json", "The request body is not valid JSON (application/json)")]
    [InlineData("quantity=2", "application/json", "The request body is not valid JSON (application/json)")]
    [InlineData("""[{"quantity":2}]""", "application/json", "The JSON request body must be an object of parameters, not an array")]
    [InlineData("""{"quantity":2,"quantity":3}""", "application/json", "The request body is not valid JSON (application/json)")]
    [InlineData("""{"quantity":2}""", "application/json; charset=iso-8859-1", "A JSON request body must be UTF-8, not 'iso-8859-1'")]
    [InlineData("quantity=2", "text/plain", "The sandbox does not read request bodies of type 'text/plain'; send application/x-www-form-urlencoded, multipart/form-data or application/json")]
    [InlineData("<quantity>2</quantity>", "application/xml", "The sandbox does not read request bodies of type 'application/xml'; send application/x-www-form-urlencoded, multipart/form-data or application/json")]
    public async Task A_body_the_sandbox_cannot_read_is_a_400_error_document_and_adds_nothing(string body, string contentType, string message)
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var reply = await PostAsync(AddReports(code), body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("400", reply.Error.Attribute("code")!.Value);
        Assert.StartsWith(message, reply.Error.Value, StringComparison.Ordinal);
        Assert.Equal("0", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_refused_rather_than_ignored()
    {
        var code = Code();
        await _cheddar.NewCustomerAsync(code, "PRO");
        var content = new ByteArrayContent("""{"quantity":2}"""u8.ToArray());
        var reply = await _cheddar.SendAsync(new HttpRequestMessage(HttpMethod.Post, AddReports(code)) { Content = content });

        reply.ShouldBeError(400, "The request body has no Content-Type; send application/x-www-form-urlencoded, multipart/form-data or application/json");
        Assert.Equal("0", (await _cheddar.CustomerAsync(code)).ItemQuantity("REPORTS"));
    }
}
