using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Routing, authentication, product selection and the error document.</summary>
public sealed class ProtocolTests(SandboxServer sandbox) : IClassFixture<SandboxServer>
{
    [Fact]
    public async Task Missing_credentials_get_401_with_a_basic_challenge_and_an_error_document()
    {
        using var anonymous = new CheddarHttp(sandbox.CreateClient());
        var reply = await anonymous.GetAsync($"/xml/plans/get/{CheddarHttp.Product}");
        reply.ShouldBeError(401, "Authentication required");
        Assert.Equal("Basic", reply.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("realm=", reply.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task Wrong_password_is_refused_the_same_way()
    {
        using var cheddar = CheddarHttp.For(sandbox, password: "wrong");
        var reply = await cheddar.GetAsync($"/xml/plans/get/{CheddarHttp.Product}");
        reply.ShouldBeError(401, "Authentication required");
    }

    [Fact]
    public async Task Malformed_authorization_header_is_refused()
    {
        using var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "not-base64!!");
        var reply = await new CheddarHttp(client).GetAsync($"/xml/plans/get/{CheddarHttp.Product}");
        reply.ShouldBeError(401, "Authentication required");
    }

    [Fact]
    public async Task Unknown_product_code_and_id_are_refused_with_Cheddars_access_messages()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        (await cheddar.GetAsync("/xml/plans/get/productCode/OTHER"))
            .ShouldBeError(401, "User sandbox@demosaas.local does not have access to productCode=OTHER");
        (await cheddar.GetAsync("/xml/plans/get/productId/00000000-0000-0000-0000-000000000000"))
            .ShouldBeError(401, "User does not have access to productId=00000000-0000-0000-0000-000000000000");
    }

    [Fact]
    public async Task No_product_is_a_400_with_the_documented_message()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.GetAsync("/xml/plans/get");
        reply.ShouldBeError(400, "No product selected. Need a productId or productCode.");
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", reply.Body);
        Assert.StartsWith("text/xml", reply.ContentType);
    }

    [Fact]
    public async Task Unknown_route_is_404_resource_not_found()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        (await cheddar.GetAsync($"/xml/customers/frobnicate/{CheddarHttp.Product}")).ShouldBeError(404, "Resource not found");
        (await cheddar.GetAsync("/xml/nothing")).ShouldBeError(404, "Resource not found");
    }

    [Fact]
    public async Task Product_may_come_from_the_query_string_or_the_body_and_pairs_in_any_order()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.GetAsync("/xml/plans/get?productCode=DEMOSAAS&code=PRO")).Status);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.PostAsync("/xml/plans/get", ("productCode", "DEMOSAAS"))).Status);
        var reversed = await cheddar.GetAsync("/xml/plans/get/code/PRO/productCode/DEMOSAAS/");
        Assert.Equal(HttpStatusCode.OK, reversed.Status);
        Assert.Equal("PRO", Assert.Single(reversed.Root.Elements("plan")).Attribute("code")!.Value);
    }

    [Fact]
    public async Task Product_id_selects_the_product_too()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.GetAsync("/xml/plans/get/productId/6d3c1f0e-2b7a-4e8c-9f51-0a4d2e6b7c10");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Theory]
    [InlineData("invoices/void")]
    [InlineData("invoices/void-or-refund")]
    [InlineData("invoices/send-email")]
    [InlineData("customers/run-outstanding")]
    [InlineData("customers/paypal-revert")]
    public async Task The_five_post_only_actions_refuse_get(string action)
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.GetAsync($"/xml/{action}/{CheddarHttp.Product}/number/1");
        reply.ShouldBeError(400, $"{action} must be called with POST");
    }

    [Theory]
    [InlineData("customers/search")]
    [InlineData("plans/delete")]
    public async Task Unimplemented_endpoints_answer_a_documented_error_never_a_silent_200(string action)
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.PostAsync($"/xml/{action}/{CheddarHttp.Product}", ("code", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("not supported by the sandbox", reply.Error.Value);
    }

    [Fact]
    public async Task Error_ids_increase()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var first = long.Parse((await cheddar.GetAsync("/xml/plans/get")).Error.Attribute("id")!.Value);
        var second = long.Parse((await cheddar.GetAsync("/xml/plans/get")).Error.Attribute("id")!.Value);
        Assert.True(second > first);
    }

    [Fact]
    public async Task Oversized_body_is_refused_before_parsing()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var content = new StringContent("code=" + new string('x', 300 * 1024), Encoding.UTF8, "application/x-www-form-urlencoded");
        var reply = await cheddar.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/xml/customers/new/{CheddarHttp.Product}") { Content = content });
        reply.ShouldBeError(400, "The request body is larger than 256 KB");
    }

    [Fact]
    public async Task Other_http_methods_are_refused()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/xml/plans/get/{CheddarHttp.Product}"));
        reply.ShouldBeError(400, "Method PUT is not supported; use GET or POST");
    }

    [Fact]
    public async Task Error_document_is_byte_for_byte_cheddars_shape()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var reply = await cheddar.GetAsync("/xml/plans/get");
        Assert.Matches(
            "^<\\?xml version=\"1\\.0\" encoding=\"UTF-8\"\\?>\n<error id=\"[0-9]+\" code=\"400\" auxCode=\"\">No product selected\\. Need a productId or productCode\\.</error>\n$",
            reply.Body);
        Assert.Equal("text/xml; charset=utf-8", reply.ContentType);
    }

    [Fact]
    public async Task A_slow_upload_does_not_hold_up_other_calls()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        using var other = CheddarHttp.For(sandbox);
        var release = new TaskCompletionSource();
        var slow = cheddar.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/xml/customers/new/{CheddarHttp.Product}")
        {
            Content = new StalledFormContent("code=slow-upload&firstName=A&lastName=B", "&email=s%40example.com&subscription%5BplanCode%5D=FREE", release.Task),
        });

        var started = DateTime.UtcNow;
        var quick = await other.GetAsync($"/xml/plans/get/{CheddarHttp.Product}/code/FREE");
        Assert.Equal(HttpStatusCode.OK, quick.Status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
        Assert.False(slow.IsCompleted);

        release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await slow).Status);
    }

    /// <summary>Sends the first part of a form, then waits before sending the rest.</summary>
    private sealed class StalledFormContent : HttpContent
    {
        private readonly byte[] _first;
        private readonly byte[] _rest;
        private readonly Task _release;

        public StalledFormContent(string first, string rest, Task release)
        {
            (_first, _rest, _release) = (Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(rest), release);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            Headers.ContentLength = _first.Length + _rest.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_first);
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync(_rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _first.Length + _rest.Length;
            return true;
        }
    }
}
