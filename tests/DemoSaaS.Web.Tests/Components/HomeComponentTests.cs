using DemoSaaS.Web.Components.Pages;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Components;

public sealed class HomeComponentTests : BunitContext
{
    [Fact]
    public void Home_shows_the_product_name_and_a_live_connection_once_interactive()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;

        var cut = Render<Home>();

        Assert.Contains("Awesome Reports", cut.Find("h3").TextContent);
        cut.WaitForAssertion(() => Assert.Equal("Live connection", cut.Find("[data-testid=circuit-status]").TextContent));
    }
}
