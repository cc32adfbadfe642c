using System.Net;
using System.Text.RegularExpressions;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>A cookie-keeping client that fills and posts server-rendered forms like a browser without script.</summary>
public sealed partial class AnonymousBrowser : IDisposable
{
    private readonly HttpClient _client;

    public AnonymousBrowser(Uri baseAddress)
        : this(baseAddress, new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
    }

    /// <summary>A browser whose connections come from <paramref name="localAddress"/> (e.g. 127.0.0.2): another client address for the app.</summary>
    public AnonymousBrowser(Uri baseAddress, IPAddress localAddress)
        : this(baseAddress, LocalNetwork.HandlerFrom(localAddress))
    {
    }

    private AnonymousBrowser(Uri baseAddress, HttpMessageHandler handler) => _client = new HttpClient(handler) { BaseAddress = baseAddress };

    public HttpClient Client => _client;

    public sealed record Page(HttpStatusCode Status, string? Location, string Html);

    public async Task<Page> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        return new Page(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>GETs <paramref name="path"/>, takes the hidden fields of its form named <paramref name="formName"/> and posts them with <paramref name="fields"/>.</summary>
    public async Task<Page> SubmitAsync(string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var values = new List<KeyValuePair<string, string>>(HiddenFields(form.Html, formName));
        values.AddRange(fields);
        using var response = await _client.PostAsync(path, new FormUrlEncodedContent(values), TestContext.Current.CancellationToken);
        return new Page(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The antiforgery token and the form's handler name, as a browser would post them back.</summary>
    public static IEnumerable<KeyValuePair<string, string>> HiddenFields(string html, string formName)
    {
        var hidden = HiddenInput().Matches(html)
            .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .Where(pair => pair.Key == "__RequestVerificationToken" || (pair.Key == "_handler" && pair.Value == formName))
            .DistinctBy(pair => pair.Key)
            .ToList();
        if (!hidden.Any(pair => pair.Key == "_handler"))
        {
            hidden.Add(KeyValuePair.Create("_handler", formName));
        }
        return hidden;
    }

    /// <summary>The page's visible text, without markup: what a screenshot would show.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
