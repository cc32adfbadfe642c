using Microsoft.Extensions.FileProviders;

namespace Microsoft.AspNetCore.Builder;

public static class ProductAssetsExtensions
{
    /// <summary>
    /// Serves /wwwroot-assets (linked into wwwroot by the csproj) while running from source. A published app has the
    /// files copied into its wwwroot, but static web assets do not follow linked content at development time
    /// (dotnet/aspnetcore#14087): without this, <c>dotnet run</c> and the test hosts would 404 the product's CSS and logo.
    /// </summary>
    public static WebApplication UseProductAssetsFromSource(this WebApplication app)
    {
        var source = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, "..", "..", "wwwroot-assets"));
        if (app.Environment.IsDevelopment() && Directory.Exists(source))
        {
            app.Environment.WebRootFileProvider = new CompositeFileProvider(new PhysicalFileProvider(source), app.Environment.WebRootFileProvider);
        }
        return app;
    }
}
