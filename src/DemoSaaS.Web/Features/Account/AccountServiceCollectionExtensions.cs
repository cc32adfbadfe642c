using DemoSaaS.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class AccountServiceCollectionExtensions
{
    /// <summary>The account page's service and settings. Needs the Cheddar client and billing (<c>AddBilling</c>).</summary>
    public static WebApplicationBuilder AddAccount(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>()
            .Bind(builder.Configuration.GetSection(AccountOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<IAccountBillingSync, AccountBillingSync>();
        builder.Services.AddScoped<AccountService>();
        return builder;
    }
}
