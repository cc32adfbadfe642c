using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Mailbox;

/// <summary>
/// Builds the links that go into mails (confirm email, reset password) from <c>App:PublicBaseUrl</c>, never from the
/// request: a reset request sent with <c>Host: evil.example</c> would otherwise mail the victim a link that hands
/// their reset token to that host. In Development without the setting, the app's own listening address is used.
/// </summary>
public sealed class MailLinks(IOptions<PublicBaseUrlOptions> options, IServer server)
{
    /// <summary>The absolute link to <paramref name="path"/> (relative to the app's root) with the query values escaped.</summary>
    public string To(string path, IEnumerable<KeyValuePair<string, string?>> query) =>
        QueryHelpers.AddQueryString(new Uri(BaseUrl, path.TrimStart('/')).AbsoluteUri, query);

    /// <summary>The base every mail link starts with, ending in '/' so a path base (https://example.com/app/) is kept.</summary>
    public Uri BaseUrl
    {
        get
        {
            var configured = options.Value.PublicBaseUrl ?? ListeningAddress();
            return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        }
    }

    /// <summary>Development only (validation requires the setting elsewhere): where this process listens, else localhost.</summary>
    private Uri ListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return new Uri("http://localhost/");
        }
        var builder = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "localhost";
        }
        return builder.Uri;
    }
}
