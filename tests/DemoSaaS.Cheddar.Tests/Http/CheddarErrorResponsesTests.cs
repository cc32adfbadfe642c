using System.Net;
using System.Text;
using DemoSaaS.Cheddar.Http;
using DemoSaaS.Cheddar.Tests.Fixtures;

namespace DemoSaaS.Cheddar.Tests.Http;

public sealed class CheddarErrorResponsesTests
{
    private static HttpResponseMessage Response(HttpStatusCode status, string body, string method = "GET") => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        RequestMessage = new HttpRequestMessage(new HttpMethod(method), "http://127.0.0.1/xml/customers/new/productCode/DEMOSAAS"),
    };

    [Fact]
    public async Task A_validation_error_names_the_field_from_aux_code()
    {
        var error = Assert.IsType<CheddarException>(await CheddarErrorResponses.FromResponseAsync(
            Response(HttpStatusCode.PreconditionFailed, FixtureFiles.Text("error-validation.xml"))));

        Assert.True(error.IsValidation);
        Assert.Equal(("subscription[ccNumber]", "isEmpty"), (error.FieldName, error.ErrorType));
        Assert.Equal(("33647467", 412), (error.ErrorId, error.Code));
        Assert.Equal("A value is required: subscription[ccNumber]", error.CheddarMessage);
        Assert.Null(error.Customer);
    }

    [Fact]
    public async Task A_validation_error_without_aux_code_takes_the_field_from_the_message()
    {
        var error = Assert.IsType<CheddarException>(await CheddarErrorResponses.FromResponseAsync(Response(HttpStatusCode.PreconditionFailed,
            """<error id="7" code="412" auxCode="">'15' is not less than or equal to '10': quantity</error>""")));

        Assert.Equal("quantity", error.FieldName);
    }

    [Fact]
    public async Task An_embedded_decline_carries_the_customer_that_was_changed()
    {
        var error = Assert.IsType<CheddarException>(await CheddarErrorResponses.FromResponseAsync(
            Response(HttpStatusCode.UnprocessableEntity, FixtureFiles.Text("customer-embedded-decline.xml"))));

        Assert.True(error.IsGatewayDecline);
        Assert.Equal("6000", error.AuxCode);
        Assert.True(error.CustomerWasChanged);
        Assert.Equal("declined-upgrade", error.Customer!.Code);
        Assert.Null(error.FieldName);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "Customer not found", "", nameof(CheddarException.IsNotFound))]
    [InlineData(HttpStatusCode.Unauthorized, "Authentication required", "", nameof(CheddarException.IsAuthentication))]
    [InlineData(HttpStatusCode.BadGateway, "The connection to the gateway failed.  Please try again later.", "4000", nameof(CheddarException.IsGatewayUnavailable))]
    [InlineData(HttpStatusCode.BadRequest, "No product selected. Need a productId or productCode.", "", nameof(CheddarException.IsValidation))]
    public async Task Each_documented_status_sets_its_helper(HttpStatusCode status, string message, string aux, string helper)
    {
        var error = Assert.IsType<CheddarException>(await CheddarErrorResponses.FromResponseAsync(
            Response(status, $"""<?xml version="1.0" encoding="UTF-8"?><error id="1" code="{(int)status}" auxCode="{aux}">{message}</error>""")));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.CheddarMessage);
        Assert.True((bool)typeof(CheddarException).GetProperty(helper)!.GetValue(error)!);
    }

    [Fact]
    public async Task A_proxy_page_on_503_is_unavailability_not_a_cheddar_answer()
    {
        var error = Assert.IsType<CheddarUnavailableException>(await CheddarErrorResponses.FromResponseAsync(
            Response(HttpStatusCode.ServiceUnavailable, "<html><body>Down for maintenance</body></html>", "POST")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.OutcomeUnknown);
    }

    [Fact]
    public async Task Success_is_not_an_error()
    {
        Assert.Null(await CheddarErrorResponses.FromResponseAsync(Response(HttpStatusCode.OK, FixtureFiles.Text("plans-2011.xml"))));
    }
}
