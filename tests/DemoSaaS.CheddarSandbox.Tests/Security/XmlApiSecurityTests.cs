using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using DemoSaaS.CheddarSandbox.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.CheddarSandbox.Tests.Security;

/// <summary>
/// Every /xml action the sandbox answers (taken from its own route table, so a new one is covered at once): Basic auth
/// is checked before anything else, and missing, hostile, oversized or malformed-encoding input gets Cheddar's
/// documented &lt;error&gt; with a 4xx — never a 500, never a stack trace, never a change.
/// </summary>
public sealed class XmlApiSecurityTests : IClassFixture<SandboxServer>
{
    private const string Seeded = "security-seeded";

    private static readonly Dictionary<string, AuthenticationHeaderValue?> BadCredentials = new()
    {
        ["none"] = null,
        ["wrong password"] = Basic("sandbox@demosaas.local:not-the-password"),
        ["wrong user"] = Basic("intruder@example.com:sandbox"),
        ["no colon"] = Basic("sandbox@demosaas.local"),
        ["not base64"] = new("Basic", "!!!not-base64!!!"),
        ["bearer"] = new("Bearer", "sandbox"),
    };

    private static readonly string[] HostilePathValues =
    [
        "", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201%3D1%3B%20--", "a%00b%07", "%ZZ", "%C3%28", "%C0%AF..%C0%AF",
        Uri.EscapeDataString(string.Concat(Enumerable.Repeat("\U0001D518é中", 700))),
    ];

    private static readonly string[] HostileFormValues =
    [
        "", "<script>alert(1)</script>", "' OR 1=1; DROP TABLE customers; --", "a\u0000b\u0007", "{\"$ne\":null}", "-1e309", "NaN",
        string.Concat(Enumerable.Repeat("\U0001D518é中", 2_000)),
    ];

    private readonly SandboxServer _sandbox;

    public XmlApiSecurityTests(SandboxServer sandbox) => _sandbox = sandbox;

    private IReadOnlyCollection<string> Actions => _sandbox.Services.GetRequiredService<XmlApi>().Actions;

    [Fact]
    public async Task Every_xml_action_refuses_missing_wrong_or_malformed_credentials_with_401_and_changes_nothing()
    {
        var before = await SnapshotAsync();
        Assert.True(Actions.Count >= 20, $"Only {Actions.Count} actions found.");
        var failures = new List<string>();
        foreach (var action in Actions)
        {
            foreach (var (name, credentials) in BadCredentials)
            {
                foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
                {
                    using var client = _sandbox.CreateClient();
                    using var request = new HttpRequestMessage(method, $"/xml/{action}/productCode/DEMOSAAS/code/{Seeded}");
                    request.Headers.Authorization = credentials;
                    if (method == HttpMethod.Post)
                    {
                        request.Content = new FormUrlEncodedContent([KeyValuePair.Create("code", "intruder"), KeyValuePair.Create("subscription[planCode]", "FREE"), KeyValuePair.Create("quantity", "5"), KeyValuePair.Create("itemCode", "REPORTS")]);
                    }
                    using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                    var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    if (response.StatusCode != HttpStatusCode.Unauthorized || ErrorCode(body) != "401" || response.Headers.WwwAuthenticate.Count == 0)
                    {
                        failures.Add($"{method} {action} with {name} credentials -> {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Every_xml_action_answers_hostile_path_and_form_values_with_a_cheddar_error_and_changes_nothing()
    {
        var before = await SnapshotAsync();
        var failures = new List<string>();
        using var cheddar = CheddarHttp.For(_sandbox);
        foreach (var action in Actions)
        {
            for (var i = 0; i < HostilePathValues.Length; i++)
            {
                var path = $"/xml/{action}/productCode/DEMOSAAS/code/{HostilePathValues[i]}";
                var form = new[] { "code", "firstName", "lastName", "email", "subscription[planCode]", "subscription[ccNumber]", "quantity", "itemCode", "number", "amount" }
                    .Select(key => (key, HostileFormValues[i % HostileFormValues.Length])).ToArray();
                var reply = await cheddar.PostAsync(path, form);
                Check(failures, $"POST {action} value #{i}", reply, allowSuccess: IsReadOnly(action));
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Hostile_quantities_item_codes_plans_and_cards_for_an_existing_customer_are_refused_and_change_nothing()
    {
        var before = await SnapshotAsync();
        var failures = new List<string>();
        using var cheddar = CheddarHttp.For(_sandbox);
        // Not "": Cheddar documents an empty (absent) quantity as 1 and an empty plan or card field as "no change".
        foreach (var value in HostileFormValues.Where(v => v.Length > 0))
        {
            foreach (var action in new[] { "add-item-quantity", "remove-item-quantity", "set-item-quantity" })
            {
                Check(failures, $"{action} quantity {Show(value)}", await cheddar.PostAsync($"/xml/customers/{action}/productCode/DEMOSAAS/code/{Seeded}/itemCode/REPORTS", ("quantity", value)), allowSuccess: false);
                Check(failures, $"{action} itemCode {Show(value)}", await cheddar.PostAsync($"/xml/customers/{action}/productCode/DEMOSAAS/code/{Seeded}/itemCode/{Uri.EscapeDataString(value)}", ("quantity", "1")), allowSuccess: false);
            }
            Check(failures, $"edit-subscription plan {Show(value)}", await cheddar.PostAsync($"/xml/customers/edit-subscription/productCode/DEMOSAAS/code/{Seeded}", ("planCode", value)), allowSuccess: false);
            Check(failures, $"edit-subscription card {Show(value)}", await cheddar.PostAsync($"/xml/customers/edit-subscription/productCode/DEMOSAAS/code/{Seeded}",
                ("ccNumber", value), ("ccExpiration", $"12/{DateTime.UtcNow.Year + 2}"), ("ccCardCode", "123"), ("ccFirstName", "A"), ("ccLastName", "B"), ("ccZip", "12345")), allowSuccess: false);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("invalid utf-8")]
    [InlineData("bad percent-encoding")]
    [InlineData("oversized")]
    [InlineData("json instead of a form")]
    [InlineData("xml instead of a form")]
    public async Task A_malformed_body_to_customers_new_is_a_cheddar_error_and_creates_nothing(string kind)
    {
        var before = await SnapshotAsync();
        using var cheddar = CheddarHttp.For(_sandbox);
        byte[] body = kind switch
        {
            "invalid utf-8" => [.. "code=broken&firstName="u8, 0xC3, 0x28, 0xFF, .. "&lastName=B&email=b%40example.com&subscription%5BplanCode%5D=FREE"u8],
            "bad percent-encoding" => "code=%ZZ&firstName=%E0%A4%A&lastName=B&email=b%40example.com&subscription%5BplanCode%5D=FREE"u8.ToArray(),
            "oversized" => Encoding.ASCII.GetBytes("code=big&firstName=" + new string('A', 400_000)),
            "json instead of a form" => "{\"code\":\"json\"}"u8.ToArray(),
            _ => "<customer><code>xml</code></customer>"u8.ToArray(),
        };
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(kind.StartsWith("json", StringComparison.Ordinal) ? "application/json" : kind.StartsWith("xml", StringComparison.Ordinal) ? "application/xml" : "application/x-www-form-urlencoded");
        var reply = await cheddar.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/xml/customers/new/{CheddarHttp.Product}") { Content = content });

        var failures = new List<string>();
        Check(failures, kind, reply, allowSuccess: false);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    private static bool IsReadOnly(string action) => action.EndsWith("/get", StringComparison.Ordinal) || action.EndsWith("/list", StringComparison.Ordinal);

    private static void Check(List<string> failures, string what, CheddarReply reply, bool allowSuccess)
    {
        var status = (int)reply.Status;
        // Kestrel itself refuses a NUL in the path (400) and an over-long URL (414) before the API sees them: still a refusal.
        var refusedByServer = status is 400 or 414 && reply.Body.Length == 0;
        var problem = status >= 500 ? "a 5xx"
            : refusedByServer ? null
            : reply.Body.Contains("   at ", StringComparison.Ordinal) || reply.Body.Contains("Exception", StringComparison.Ordinal) ? "a stack trace"
            : status < 400 && !allowSuccess ? "success"
            : status >= 400 && ErrorCode(reply.Body) != status.ToString(System.Globalization.CultureInfo.InvariantCulture) ? "no matching <error code>"
            : null;
        if (problem is not null)
        {
            failures.Add($"{what}: {problem} ({status}) {reply.Body[..Math.Min(300, reply.Body.Length)]}");
        }
    }

    private static string? ErrorCode(string body)
    {
        try
        {
            var root = XDocument.Parse(body).Root!;
            var error = root.Name == "error" ? root : root.Element("errors")?.Element("error");
            return error?.Attribute("code")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string Show(string value) => value.Length > 20 ? value[..20] + "…" : value;

    private static AuthenticationHeaderValue Basic(string credentials) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

    /// <summary>Everything a call could change: the whole customer list as XML (customers, subscriptions, items, invoices).</summary>
    private async Task<string> SnapshotAsync()
    {
        using var cheddar = CheddarHttp.For(_sandbox);
        var existing = await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}/code/{Seeded}");
        if (existing.Status == HttpStatusCode.NotFound)
        {
            var created = await cheddar.NewCustomerAsync(Seeded, "PRO");
            Assert.Equal(HttpStatusCode.OK, created.Status);
        }
        var all = await cheddar.GetAsync($"/xml/customers/get/{CheddarHttp.Product}");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        // Pending invoices' bill times are reported relative to the sandbox clock's now; they are not state a call changes.
        return System.Text.RegularExpressions.Regex.Replace(all.Body, @"<(\w*[Ii]nvoice\w*Datetime)>[^<]*</\1>", "");
    }
}
