using MudBlazor.Services;
using DemoSaaS.Web.Components;
using DemoSaaS.Web.Features.Export;
using DemoSaaS.Web.Infrastructure.Instances;

var setupRun = InstanceSetup.IsSetupRun(args);
var builder = WebApplication.CreateBuilder(InstanceSetup.WithoutSetupSwitch(args));

builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    // Pasted report data travels over the circuit; the default 32 KB message limit would drop the connection.
    .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
builder.Services.AddMudServices();
builder.AddCircuitPause();
builder.AddSecurity();
builder.AddForwardedHeadersFromKnownProxies();
builder.AddDatabase();
builder.AddInstances();
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
app.MapHealthz();

if (setupRun)
{
    // dotnet DemoSaaS.Web.dll --setup: migrate, make the first key, seed, exit (before a deployment starts its instances).
    await app.RunSetupAsync();
    return;
}
await app.PrepareInstanceAsync();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
