using System.Globalization;
using System.Net;
using System.Text.Json;

namespace DemoSaaS.CheddarSandbox.Tests.Control;

public sealed class ClockEndpointTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IDisposable
{
    private readonly HttpClient _client = sandbox.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Clock_reports_now_in_cheddar_format_and_its_offset_from_real_time()
    {
        var clock = await _client.GetJsonAsync("/sandbox/clock");

        var now = ParseNow(clock);
        var offset = TimeSpan.ParseExact(clock.GetProperty("offset").GetString()!, "c", CultureInfo.InvariantCulture);
        Assert.InRange(now - offset - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
        Assert.EndsWith("+00:00", clock.GetProperty("now").GetString());
    }

    [Fact]
    public async Task Advancing_by_days_and_hours_moves_now_forward_by_that_much()
    {
        var before = ParseNow(await _client.GetJsonAsync("/sandbox/clock"));

        using var response = await _client.PostJsonAsync("/sandbox/clock/advance", """{"days":31,"hours":12}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var advanced = await response.ReadJsonAsync();
        Assert.InRange(ParseNow(advanced) - before, TimeSpan.FromDays(31.5) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(31.5) + TimeSpan.FromSeconds(5));
        Assert.Equal(32, advanced.GetProperty("steps").GetInt32());
        Assert.InRange(ParseNow(await _client.GetJsonAsync("/sandbox/clock")) - ParseNow(advanced), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Advancing_to_a_date_moves_now_to_that_date()
    {
        var target = ParseNow(await _client.GetJsonAsync("/sandbox/clock")).AddDays(400);
        var targetText = target.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

        using var response = await _client.PostJsonAsync("/sandbox/clock/advance", $$"""{"to":"{{targetText}}"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(ParseNow(await response.ReadJsonAsync()) - target, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Advancing_to_a_date_without_a_time_means_midnight_utc()
    {
        var day = ParseNow(await _client.GetJsonAsync("/sandbox/clock")).UtcDateTime.Date.AddDays(500);

        using var response = await _client.PostJsonAsync("/sandbox/clock/advance", $$"""{"to":"{{day:yyyy-MM-dd}}"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(ParseNow(await response.ReadJsonAsync()) - new DateTimeOffset(day, TimeSpan.Zero), TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Control_request_bodies_over_64_KiB_are_refused()
    {
        var before = (await _client.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString();
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"days\":1" + new string(' ', 70_000) + "}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/clock/advance") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, (await _client.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString());
    }

    [Theory]
    [InlineData("""{"to":"2001-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"days":-1}""")]
    [InlineData("""{"hours":-3}""")]
    [InlineData("""{"days":0}""")]
    [InlineData("""{}""")]
    [InlineData("""{"days":"3"}""")]
    [InlineData("""{"weeks":1}""")]
    [InlineData("""{"days":1,"to":"2999-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"days":100000}""")]
    [InlineData("""{"to":"next tuesday"}""")]
    [InlineData("""{"to":"Jan 1 2999"}""")]
    [InlineData("""{"to":20270101}""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public async Task Advance_refuses_going_backwards_or_bad_input_and_leaves_the_clock_alone(string json)
    {
        var before = (await _client.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString();

        using var response = await _client.PostJsonAsync("/sandbox/clock/advance", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.ReadJsonAsync()).GetProperty("error").GetString()));
        Assert.Equal(before, (await _client.GetJsonAsync("/sandbox/clock")).GetProperty("offset").GetString());
    }

    private static DateTimeOffset ParseNow(JsonElement clock) =>
        DateTimeOffset.ParseExact(clock.GetProperty("now").GetString()!, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
