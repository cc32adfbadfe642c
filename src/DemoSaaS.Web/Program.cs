using MudBlazor.Services;
using DemoSaaS.Web.Components;
using DemoSaaS.Web.Features.Export;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    // Pasted report data travels over the circuit; the default 32 KB message limit would drop the connection.
    .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
builder.Services.AddMudServices();
builder.AddCircuitPause();
builder.AddSecurity();
builder.AddForwardedHeadersFromKnownProxies();
builder.AddDatabase();
builder.AddIdentity();
builder.AddDevMailbox();
builder.AddDevCheddar();
builder.AddEmbeddedCheddarSandbox();
builder.Services.AddCheddar(builder.Configuration);
builder.AddBilling();
builder.AddPricing();
builder.AddReports();
builder.AddAccount();
builder.AddOperations();
builder.AddDemoUsers();

var app = builder.Build();

if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.UseProductAssetsFromSource();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapBilling();
app.MapReportExport();

await app.MigrateDatabaseAsync();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
