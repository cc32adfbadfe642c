using DemoSaaS.Web.Features.Identity;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Microsoft.Extensions.DependencyInjection;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity on EF Core, in the app's database (<see cref="DatabaseServiceCollectionExtensions.AddDatabase"/>).</summary>
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<IdentityRedirectManager>();
        builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        builder.Services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.Stores.SchemaVersion = IdentitySchema.Version;
                // Failed passwords never lock an account (a stranger could lock anyone out); they slow down one address
                // for one account instead (AddLoginThrottle). An operator can still lock a user by hand.
                options.Lockout.AllowedForNewUsers = true;
            })
            // Roles: the operator pages need an Admin role (Features/Operations).
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.AddLoginThrottle();

        return builder;
    }
}
