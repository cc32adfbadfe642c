using System.Net;
using System.Text;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Webhooks;
using DemoSaaS.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Every form field of signup, login and password reset, and the webhook, gets missing, empty, oversized, wrong-type,
/// hostile and malformed-encoding values: each is refused with a clear message, never a 500 or a stack trace, and
/// nothing changes (no user, no Cheddar customer, no stored event).
/// </summary>
public sealed class AppBadInputTests : IClassFixture<RunningSecurityApp>
{
    private static readonly string[] SignupFields = ["PlanCode", "FirstName", "LastName", "Email", "Password", "CardNumber", "CardExpiry", "CardCvv", "CardZip", "CouponCode"];

    private readonly SecurityAppFactory _app;

    public AppBadInputTests(RunningSecurityApp running) => _app = running.App;

    /// <summary>
    /// Every field with every bad value, except what is legitimately fine: the coupon is optional (missing or empty is
    /// no coupon), and a password may be any printable text, SQL-looking included (it is hashed, never interpreted).
    /// </summary>
    public static TheoryData<string, string> SignupCases() => Cases(SignupFields, HostileValues.Names.Concat(HostileValues.MalformedEncodings.Keys),
        except: [("CouponCode", "missing"), ("CouponCode", "empty"), ("CouponCode", "whitespace"), ("Password", "sql")]);

    public static TheoryData<string, string> LoginCases() => Cases(["Email", "Password"], HostileValues.Names.Concat(HostileValues.MalformedEncodings.Keys));

    [Theory]
    [MemberData(nameof(SignupCases))]
    public async Task A_bad_signup_field_is_refused_with_a_message_and_creates_nothing(string field, string value)
    {
        var before = await StateAsync();
        using var browser = new AnonymousBrowser(_app.ClientOptions.BaseAddress);
        var fields = new Dictionary<string, string>
        {
            ["PlanCode"] = "PRO", ["FirstName"] = "Ada", ["LastName"] = "Lovelace",
            ["Email"] = $"bad-{Guid.NewGuid():N}@example.com", ["Password"] = "Correct-Horse-9",
            ["CardNumber"] = "4111111111111111", ["CardExpiry"] = $"12/{DateTime.UtcNow.Year + 2}", ["CardCvv"] = "123",
            ["CardZip"] = "12345", ["CouponCode"] = "",
        };
        var page = await PostFormAsync(browser, "/signup", "signup", fields.ToDictionary(f => $"Input.{f.Key}", f => f.Value), $"Input.{field}", value);

        AssertRefusedClearly(page, "signup-error", "field-error");
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [MemberData(nameof(LoginCases))]
    public async Task A_bad_login_field_is_refused_with_a_message_and_signs_nobody_in(string field, string value)
    {
        var before = await StateAsync();
        using var browser = new AnonymousBrowser(_app.ClientOptions.BaseAddress);
        var page = await PostFormAsync(browser, "/Account/Login", "login",
            // A fresh account per case: the same one from one address would soon be throttled (LoginThrottleTests), hiding this path.
            new Dictionary<string, string> { ["Input.Email"] = $"someone-{Guid.NewGuid():N}@example.com", ["Input.Password"] = "Correct-Horse-9" }, $"Input.{field}", value);

        AssertRefusedClearly(page, "Invalid login attempt", "text-danger");
        Assert.NotEqual(HttpStatusCode.Redirect, page.Status);
        if (field == "Password" && HostileValues.ByName.GetValueOrDefault(value) is { Length: > 0 } password)
        {
            Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(password), page.Html);
        }
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData("/Account/ResetPassword?code=%ZZ")]
    [InlineData("/Account/ResetPassword?code=not*base64")]
    [InlineData("/Account/ConfirmEmail?userId=nobody&code=x")]
    [InlineData("/Account/ConfirmEmailChange?userId=nobody&email=a%40b.c&code=x")]
    [InlineData("/reports/not-a-guid")]
    [InlineData("/signup?plan=%3Cscript%3E")]
    [InlineData("/signup?plan=%C3%28")]
    public async Task Tampered_links_get_a_page_not_a_500(string path)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = _app.ClientOptions.BaseAddress });
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
        AssertNoStackTrace(body);
        Assert.DoesNotContain("<script>alert", body);
    }

    [Theory]
    [InlineData("invalid utf-8")]
    [InlineData("bad percent-encoding")]
    [InlineData("not json")]
    [InlineData("json array")]
    [InlineData("deep nesting")]
    public async Task A_signed_webhook_with_a_malformed_body_is_refused_with_400_and_stores_nothing(string kind)
    {
        var before = await StateAsync();
        var body = kind switch
        {
            "invalid utf-8" => [.. "{\"activityType\":\""u8, 0xC3, 0x28, .. "\"}"u8],
            "bad percent-encoding" => "activityType=%ZZ%E0%A4%A"u8.ToArray(),
            "not json" => "<xml/>"u8.ToArray(),
            "json array" => "[1,2,3]"u8.ToArray(),
            _ => Encoding.ASCII.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
        };
        var secret = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CheddarOptions>>().Value.WebhookSecret!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cheddar") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(CheddarWebhookVerifier.SignatureHeader, CheddarWebhookVerifier.Sign(body, secret));
        using var response = await _app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNoStackTrace(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, await StateAsync());
    }

    private static TheoryData<string, string> Cases(IEnumerable<string> fields, IEnumerable<string> values, (string Field, string Value)[]? except = null)
    {
        var data = new TheoryData<string, string>();
        foreach (var field in fields)
        {
            foreach (var value in values.Where(v => except?.Contains((field, v)) != true))
            {
                data.Add(field, value);
            }
        }
        return data;
    }

    /// <summary>Posts the form with <paramref name="field"/> set to the named bad value (or left out, or raw malformed bytes).</summary>
    private static async Task<AnonymousBrowser.Page> PostFormAsync(
        AnonymousBrowser browser, string path, string formName, Dictionary<string, string> fields, string field, string valueName)
    {
        var form = await browser.GetAsync(path);
        var values = AnonymousBrowser.HiddenFields(form.Html, formName).Concat(fields.Where(f => f.Key != field)).ToList();
        var body = new MemoryStream();
        var encoded = await new FormUrlEncodedContent(values).ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        body.Write(encoded);
        if (HostileValues.MalformedEncodings.TryGetValue(valueName, out var raw))
        {
            body.Write(Encoding.ASCII.GetBytes($"&{Uri.EscapeDataString(field)}="));
            body.Write(raw);
        }
        else if (HostileValues.ByName[valueName] is { } value)
        {
            body.Write(await new FormUrlEncodedContent([KeyValuePair.Create(field, value)]).ReadAsByteArrayAsync(TestContext.Current.CancellationToken) is var extra
                ? [(byte)'&', .. extra] : []);
        }
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await browser.Client.PostAsync(path, content, TestContext.Current.CancellationToken);
        return new AnonymousBrowser.Page(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void AssertRefusedClearly(AnonymousBrowser.Page page, params string[] errorMarkers)
    {
        AssertNoStackTrace(page.Html);
        var text = AnonymousBrowser.Text(page.Html);
        Assert.True((int)page.Status is >= 400 and < 500 || (page.Status == HttpStatusCode.OK && errorMarkers.Any(page.Html.Contains)),
            $"Expected a refusal with a message, got {(int)page.Status} {page.Location}: {text[..Math.Min(400, text.Length)]}");
        // Shown again HTML-encoded at most, never as live markup.
        Assert.DoesNotContain("<script>alert", page.Html);
        Assert.DoesNotContain("<b onmouseover", page.Html);
    }

    private static void AssertNoStackTrace(string body)
    {
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
    }

    private sealed record AppState(int Users, int PendingSignups, int Customers, int BillingEvents);

    /// <summary>What a request could have changed: users and pending signups here, customers at Cheddar, stored webhook events.</summary>
    private async Task<AppState> StateAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var customers = scope.ServiceProvider.GetRequiredService<ICheddarCustomers>();
        int customerCount;
        try
        {
            customerCount = (await customers.ListAsync(cancellationToken: TestContext.Current.CancellationToken)).Count;
        }
        catch (CheddarException ex) when (ex.IsNotFound)
        {
            customerCount = 0;
        }
        return new AppState(
            await db.Users.CountAsync(TestContext.Current.CancellationToken),
            await db.Set<DemoSaaS.Web.Features.Signup.PendingSignup>().CountAsync(TestContext.Current.CancellationToken),
            customerCount,
            await db.Set<DemoSaaS.Web.Features.Billing.Webhooks.BillingEvent>().CountAsync(TestContext.Current.CancellationToken));
    }
}
