using System.Diagnostics;
using System.Net;
using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Tests.Faults;

public sealed class FaultInjectionTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private const string PlansPath = "/xml/plans/get/productCode/DEMOSAAS";
    private readonly HttpClient _client = sandbox.CreateClient();

    public async ValueTask InitializeAsync() => await ClearFaultsAsync();

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Status_fault_answers_a_cheddar_error_for_count_requests_then_the_real_handler_answers_again()
    {
        var baseline = await StatusOfAsync(HttpMethod.Get, PlansPath);
        await AddFaultAsync("""{"path":"plans/get","kind":"status","status":503,"count":2}""");

        for (var i = 0; i < 2; i++)
        {
            using var response = await _client.GetAsync(PlansPath, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var error = await ReadErrorAsync(response);
            Assert.Equal("503", (string?)error.Attribute("code"));
            Assert.True(int.TryParse((string?)error.Attribute("id"), out _));
            Assert.Equal("", (string?)error.Attribute("auxCode"));
            Assert.Contains("planned maintenance", error.Value);
        }

        Assert.Equal(baseline, await StatusOfAsync(HttpMethod.Get, PlansPath));
        Assert.Empty((await _client.GetJsonAsync("/sandbox/faults")).GetProperty("faults").EnumerateArray());
    }

    [Fact]
    public async Task Status_fault_carries_the_requested_aux_code_and_message()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"status","status":502,"auxCode":"2002","message":"Authentication to the gateway failed","count":1}""");

        using var response = await _client.GetAsync(PlansPath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = await ReadErrorAsync(response);
        Assert.Equal("2002", (string?)error.Attribute("auxCode"));
        Assert.Equal("Authentication to the gateway failed", error.Value);
    }

    [Fact]
    public async Task Fault_matches_only_its_method_and_path_substring()
    {
        await AddFaultAsync("""{"path":"customers/get","method":"post","kind":"status","status":500}""");

        Assert.NotEqual(500, await StatusOfAsync(HttpMethod.Get, "/xml/customers/get/productCode/DEMOSAAS"));
        Assert.NotEqual(500, await StatusOfAsync(HttpMethod.Post, PlansPath));
        Assert.NotEqual(500, await StatusOfAsync(HttpMethod.Get, "/sandbox/health"));
        Assert.Equal(500, await StatusOfAsync(HttpMethod.Post, "/xml/customers/get/productCode/DEMOSAAS"));
        Assert.Equal(500, await StatusOfAsync(HttpMethod.Post, "/xml/customers/get/productCode/DEMOSAAS/code/ANY"));
    }

    [Fact]
    public async Task Fault_without_a_path_hits_every_xml_request_but_never_the_control_endpoints()
    {
        await AddFaultAsync("""{"kind":"status","status":503}""");

        Assert.Equal(503, await StatusOfAsync(HttpMethod.Get, PlansPath));
        Assert.Equal(503, await StatusOfAsync(HttpMethod.Post, "/xml/customers/new/productCode/DEMOSAAS"));
        Assert.Equal(200, await StatusOfAsync(HttpMethod.Get, "/sandbox/health"));
        Assert.Equal(200, await StatusOfAsync(HttpMethod.Get, "/sandbox/faults"));
    }

    [Fact]
    public async Task Rate_limit_fault_answers_429_with_retry_after_and_an_error_body()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"rateLimit","retryAfterSeconds":7,"count":1}""");

        using var response = await _client.GetAsync(PlansPath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var error = await ReadErrorAsync(response);
        Assert.Equal("429", (string?)error.Attribute("code"));
        Assert.Contains("7 seconds", error.Value);
    }

    [Fact]
    public async Task Latency_fault_delays_the_answer_then_the_real_handler_answers()
    {
        var baseline = await StatusOfAsync(HttpMethod.Get, PlansPath);
        await AddFaultAsync("""{"path":"plans/get","kind":"latency","latencyMs":600,"count":1}""");

        var watch = Stopwatch.StartNew();
        var status = await StatusOfAsync(HttpMethod.Get, PlansPath);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(590), $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(baseline, status);
    }

    [Fact]
    public async Task Hang_fault_holds_the_request_until_the_client_gives_up()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"hang","count":1}""");
        using var impatient = new HttpClient { BaseAddress = sandbox.BaseAddress, Timeout = TimeSpan.FromMilliseconds(700) };

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync(PlansPath, TestContext.Current.CancellationToken));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(690));
        Assert.NotEqual(0, await StatusOfAsync(HttpMethod.Get, PlansPath));
    }

    [Fact]
    public async Task Hang_fault_drops_the_connection_when_its_bound_passes()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"hang","hangMs":300,"count":1}""");

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync(PlansPath, TestContext.Current.CancellationToken));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task Apply_then_fail_answers_500_with_a_cheddar_error()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"applyThenFail","count":1}""");

        using var response = await _client.GetAsync(PlansPath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("500", (string?)(await ReadErrorAsync(response)).Attribute("code"));
    }

    [Fact]
    public async Task Apply_then_fail_with_drop_aborts_the_connection()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"applyThenFail","drop":true,"count":1}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync(PlansPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Count_fails_exactly_that_many_requests_under_concurrency()
    {
        await AddFaultAsync("""{"path":"plans/get","kind":"status","status":503,"count":3}""");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => StatusOfAsync(HttpMethod.Get, PlansPath)));

        Assert.Equal(3, statuses.Count(s => s == 503));
    }

    [Fact]
    public async Task Faults_are_listed_with_remaining_counts_and_can_be_removed_one_by_one_or_all_at_once()
    {
        var first = await AddFaultAsync("""{"path":"plans/get","method":"GET","kind":"status","status":500,"count":2}""");
        var second = await AddFaultAsync("""{"path":"customers/new","kind":"latency","latencyMs":10}""");
        Assert.Equal("plans/get", first.GetProperty("path").GetString());
        Assert.Equal("GET", first.GetProperty("method").GetString());
        Assert.Equal(2, first.GetProperty("remaining").GetInt32());

        await StatusOfAsync(HttpMethod.Get, PlansPath);
        var listed = (await _client.GetJsonAsync("/sandbox/faults")).GetProperty("faults").EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        Assert.Equal(1, listed[0].GetProperty("remaining").GetInt32());
        Assert.Equal("latency", listed[1].GetProperty("kind").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed[1].GetProperty("remaining").ValueKind);

        using var removed = await _client.DeleteAsync($"/sandbox/faults/{first.GetProperty("id").GetInt32()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var missing = await _client.DeleteAsync($"/sandbox/faults/{first.GetProperty("id").GetInt32()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.NotEqual(500, await StatusOfAsync(HttpMethod.Get, PlansPath));

        using var cleared = await _client.DeleteAsync("/sandbox/faults", TestContext.Current.CancellationToken);
        Assert.Equal(1, (await cleared.ReadJsonAsync()).GetProperty("cleared").GetInt32());
        Assert.Empty((await _client.GetJsonAsync("/sandbox/faults")).GetProperty("faults").EnumerateArray());
        Assert.NotEqual(second.GetProperty("id").GetInt32(), first.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_call_slower_than_the_client_waits_is_still_applied_late_like_a_real_server()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var code = $"late-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync(code, "PRO")).Status);
        await AddFaultAsync($$"""{"path":"customers/add-item-quantity","customer":"{{code}}","kind":"latency","latencyMs":700,"count":1}""");

        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cheddar.Http.PostAsync(
            $"/xml/customers/add-item-quantity/{CheddarHttp.Product}/code/{code}/itemCode/REPORTS",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("quantity", "3")]), impatient.Token));

        // Not applied while the call is still "in progress", applied once it completes although no one heard the answer.
        Assert.Equal("0", Quantity(await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal("3", Quantity(await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{code}")));
    }

    private static string? Quantity(CheddarReply reply) =>
        reply.Customer.Descendants("item").FirstOrDefault(i => (string?)i.Attribute("code") == "REPORTS" && i.Element("quantity") is not null)?.Element("quantity")?.Value is { } q
            ? decimal.Parse(q, System.Globalization.CultureInfo.InvariantCulture).ToString("0", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [Fact]
    public async Task Fault_with_a_customer_fails_only_that_customers_calls_by_path_code_or_signup_email()
    {
        using var cheddar = CheddarHttp.For(sandbox);
        var mine = $"mine-{Guid.NewGuid():N}";
        var theirs = $"theirs-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync(theirs, "FREE")).Status);
        await AddFaultAsync($$"""{"path":"customers/new","customer":"{{mine}}@example.com","kind":"status","status":503,"count":1}""");
        await AddFaultAsync($$"""{"path":"customers/get","customer":"{{mine}}","kind":"status","status":500}""");

        // The other customer's signup and reads pass; the signup naming our email takes the fault, and its body still reaches the handler on retry.
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync($"other-{Guid.NewGuid():N}", "FREE")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await cheddar.NewCustomerAsync(mine, "FREE")).Status);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.NewCustomerAsync(mine, "FREE")).Status);
        Assert.Equal(HttpStatusCode.OK, (await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{theirs}")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{mine}")).Status);
        Assert.Equal(mine, (await _client.GetJsonAsync("/sandbox/faults")).GetProperty("faults")[0].GetProperty("customer").GetString());

        // Given the email, a fault also follows the stored customer into calls that name it by code only.
        await AddFaultAsync($$"""{"path":"customers/edit-subscription","customer":"{{mine}}@EXAMPLE.com","kind":"status","status":502,"count":1}""");
        Assert.Equal(HttpStatusCode.OK, (await cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{theirs}", ("subscription[planCode]", "FREE"))).Status);
        Assert.Equal(HttpStatusCode.BadGateway, (await cheddar.PostAsync($"/xml/customers/edit-subscription/{CheddarHttp.Product}/code/{mine}", ("subscription[planCode]", "FREE"))).Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"path":"plans/get"}""")]
    [InlineData("""{"kind":"explode"}""")]
    [InlineData("""{"kind":"3"}""")]
    [InlineData("""{"kind":"status,latency","latencyMs":5}""")]
    [InlineData("""{"kind":"status"}""")]
    [InlineData("""{"kind":"status","status":200}""")]
    [InlineData("""{"kind":"status","status":600}""")]
    [InlineData("""{"kind":"status","status":"503"}""")]
    [InlineData("""{"kind":"status","status":503,"count":0}""")]
    [InlineData("""{"kind":"status","status":503,"count":-1}""")]
    [InlineData("""{"kind":"status","status":503,"colour":"red"}""")]
    [InlineData("""{"kind":"status","status":503,"status":500}""")]
    [InlineData("""{"kind":"status","status":503,"method":"FETCH"}""")]
    [InlineData("""{"kind":"status","status":503,"path":""}""")]
    [InlineData("""{"kind":"status","status":503,"customer":" "}""")]
    [InlineData("""{"kind":"status","status":503,"latencyMs":100}""")]
    [InlineData("""{"kind":"rateLimit","status":503}""")]
    [InlineData("""{"kind":"rateLimit","retryAfterSeconds":-1}""")]
    [InlineData("""{"kind":"latency"}""")]
    [InlineData("""{"kind":"latency","latencyMs":0}""")]
    [InlineData("""{"kind":"latency","latencyMs":100,"status":500}""")]
    [InlineData("""{"kind":"hang","hangMs":999999999}""")]
    [InlineData("""{"kind":"hang","drop":true}""")]
    [InlineData("""{"kind":"applyThenFail","status":404}""")]
    [InlineData("""{"kind":"applyThenFail","drop":true,"status":500}""")]
    public async Task Invalid_fault_is_refused_with_a_json_error_and_nothing_is_added(string json)
    {
        using var response = await _client.PostJsonAsync("/sandbox/faults", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.ReadJsonAsync()).GetProperty("error").GetString()));
        Assert.Empty((await _client.GetJsonAsync("/sandbox/faults")).GetProperty("faults").EnumerateArray());
    }

    private async Task<System.Text.Json.JsonElement> AddFaultAsync(string json)
    {
        using var response = await _client.PostJsonAsync("/sandbox/faults", json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task ClearFaultsAsync()
    {
        using var response = await _client.DeleteAsync("/sandbox/faults", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<int> StatusOfAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent([]);
        }
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return (int)response.StatusCode;
    }

    private static async Task<XElement> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("error", document.Root!.Name.LocalName);
        return document.Root;
    }
}
