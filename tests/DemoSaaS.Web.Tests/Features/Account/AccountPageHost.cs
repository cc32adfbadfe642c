using System.Runtime.CompilerServices;
using System.Security.Claims;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DemoSaaS.Web.Tests.Features.Account;

/// <summary>
/// Renders the real account page in bUnit, signed in as one user, with the app's own services (the page's
/// AccountService, the Cheddar client, the embedded sandbox) from a running app host.
/// </summary>
public static class AccountPageHost
{
    /// <summary>Registers the app's services and signs <paramref name="userId"/> in; call once per test.</summary>
    public static IRenderedComponent<MudDialogProvider> SignIn(BunitContext context, DemoSaaSWebFactory factory, string userId)
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        // A scope per test, as a circuit has; everything the test context lacks comes from the app.
        context.Services.AddFallbackServiceProvider(factory.Services.CreateScope().ServiceProvider);
        var auth = context.AddAuthorization();
        auth.SetAuthorized("ada@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        return context.Render<MudDialogProvider>();
    }

    private static readonly ConditionalWeakTable<BunitContext, object> ContextsWithAPage = [];

    /// <summary>
    /// Renders the page (again) and waits until it shows the account Cheddar returned. A second render first disposes
    /// what was rendered before, as a new visit would: the page hosts MudBlazor's overlay providers itself, and two
    /// of them cannot live side by side.
    /// </summary>
    public static IRenderedComponent<AccountPage> RenderPage(BunitContext context)
    {
        if (ContextsWithAPage.TryGetValue(context, out _))
        {
            context.Renderer.DisposeComponents();
        }
        ContextsWithAPage.AddOrUpdate(context, new object());
        var page = context.Render<AccountPage>();
        page.WaitForElement("[data-testid=status-chip]", TimeSpan.FromSeconds(10));
        return page;
    }
}
