using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>A raw Cheddar caller: Basic auth, urlencoded forms, XML answers. Deliberately not our Cheddar client.</summary>
public sealed class CheddarHttp(HttpClient http) : IDisposable
{
    public const string Product = "productCode/DEMOSAAS";

    public static CheddarHttp For(SandboxServer sandbox, string user = "sandbox@demosaas.local", string password = "sandbox")
    {
        var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return new CheddarHttp(client);
    }

    public HttpClient Http => http;

    public Task<CheddarReply> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<CheddarReply> PostAsync(string path, params (string Key, string Value)[] form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        });

    public async Task<CheddarReply> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new CheddarReply(response.StatusCode, body, response.Headers, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>customers/new with a test card on <paramref name="plan"/>; extra fields override or add.</summary>
    public Task<CheddarReply> NewCustomerAsync(string code, string plan = "PRO", params (string Key, string Value)[] extra)
    {
        var fields = new List<(string, string)>
        {
            ("code", code), ("firstName", "Ada"), ("lastName", "Lovelace"), ("email", $"{code}@example.com"),
            ("subscription[planCode]", plan),
        };
        if (plan != "FREE")
        {
            fields.AddRange([
                ("subscription[ccFirstName]", "Ada"), ("subscription[ccLastName]", "Lovelace"), ("subscription[ccZip]", "90210"),
                ("subscription[ccNumber]", "4111111111111111"), ("subscription[ccExpiration]", $"12/{DateTime.UtcNow.Year + 2}"),
                ("subscription[ccCardCode]", "123"),
            ]);
        }
        foreach (var (key, value) in extra)
        {
            fields.RemoveAll(f => f.Item1 == key);
            if (value is not null)
            {
                fields.Add((key, value));
            }
        }
        return PostAsync($"/xml/customers/new/{Product}", fields.ToArray());
    }

    public async Task<XElement> CustomerAsync(string code)
    {
        var reply = await GetAsync($"/xml/customers/get/{Product}/code/{Uri.EscapeDataString(code)}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Customer;
    }

    public void Dispose() => http.Dispose();
}
