using DemoSaaS.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>The Reports and Export features (pages, the export endpoint's service).</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ReportService>();
        return builder;
    }
}
