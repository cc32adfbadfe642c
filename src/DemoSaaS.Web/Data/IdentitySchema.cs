using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Data;

/// <summary>
/// The Identity schema version of the app's model (version 3: passkeys). Identity reads it from IdentityOptions in the
/// context's application services, which only the app has: the migrations contexts built outside DI (the migrate step,
/// <c>dotnet ef</c>) get the same setting from here, or they would build version 1 and see a model change.
/// </summary>
public static class IdentitySchema
{
    public static readonly Version Version = IdentitySchemaVersions.Version3;

    private static readonly Lazy<IServiceProvider> DesignTimeServices = new(() =>
        new ServiceCollection().Configure<IdentityOptions>(options => options.Stores.SchemaVersion = Version).BuildServiceProvider());

    /// <summary>Lets a context built outside the app's DI see the app's Identity schema version.</summary>
    public static DbContextOptionsBuilder<TContext> UseIdentitySchema<TContext>(this DbContextOptionsBuilder<TContext> options)
        where TContext : DbContext =>
        options.UseApplicationServiceProvider(DesignTimeServices.Value);
}
