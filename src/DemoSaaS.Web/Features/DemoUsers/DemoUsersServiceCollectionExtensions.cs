using DemoSaaS.Web.Features.DemoUsers;

namespace Microsoft.Extensions.DependencyInjection;

public static class DemoUsersServiceCollectionExtensions
{
    /// <summary>
    /// One demo user per plan, created on start when <c>DemoUsers:Enabled</c> is true (the <c>http</c> launch profile
    /// sets it) — and only in Development against the sandbox: with <c>Cheddar:Mode</c> = Real nothing is created,
    /// whatever the setting says, so no demo customer ever reaches a real Cheddar product.
    /// </summary>
    public static WebApplicationBuilder AddDemoUsers(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DemoUsersOptions.SectionName).Get<DemoUsersOptions>() ?? new DemoUsersOptions();
        var mode = builder.Configuration["Cheddar:Mode"];
        var sandbox = string.IsNullOrWhiteSpace(mode) || mode.Equals("Sandbox", StringComparison.OrdinalIgnoreCase);
        if (options.Enabled && sandbox && builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<DemoUserSeeder>();
            builder.Services.AddHostedService(services => services.GetRequiredService<DemoUserSeeder>());
        }
        return builder;
    }
}
