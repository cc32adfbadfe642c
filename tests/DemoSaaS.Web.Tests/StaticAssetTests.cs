using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests;

public sealed class StaticAssetTests(ScriptedBillingWebFactory factory) : IClassFixture<ScriptedBillingWebFactory>
{
    [Theory]
    [InlineData("/css/app.css", "text/css")]
    [InlineData("/img/logo.svg", "image/svg+xml")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_products_own_assets_linked_from_wwwroot_assets_are_served(string path, string contentType)
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_stylesheet_the_pages_link_to_is_served_with_its_content()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);
        var href = System.Text.RegularExpressions.Regex.Match(html, "href=\"(css/app[^\"]*\\.css)\"").Groups[1].Value;

        var css = await client.GetStringAsync("/" + href, TestContext.Current.CancellationToken);

        Assert.Contains(".auth-card", css);
    }
}
