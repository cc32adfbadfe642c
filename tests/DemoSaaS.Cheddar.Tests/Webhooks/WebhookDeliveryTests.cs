using System.Net.Http.Json;
using System.Threading.Channels;
using DemoSaaS.Cheddar.Tests.Sandbox;
using DemoSaaS.Cheddar.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Cheddar.Tests.Webhooks;

/// <summary>Real deliveries from the sandbox to a loopback receiver, verified and parsed by the client.</summary>
public sealed class WebhookDeliveryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly Channel<(byte[] Body, string? Signature)> _received = Channel.CreateUnbounded<(byte[], string?)>();
    private WebApplication? _receiver;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            await _received.Writer.WriteAsync((buffer.ToArray(), request.Headers[CheddarWebhookVerifier.SignatureHeader]));
            return Results.Ok();
        });
        await _receiver.StartAsync(Ct);
        var address = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var control = sandbox.CreateControlClient();
        using var response = await control.PostAsJsonAsync("/sandbox/webhooks/endpoints", new { url = address + "/hooks" }, Ct);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.StopAsync();
            await _receiver.DisposeAsync();
        }
    }

    private async Task<(byte[] Body, string? Signature)> NextFor(string customerCode, CheddarActivityType type)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var parser = new CheddarWebhookParser();
        while (true)
        {
            var delivery = await _received.Reader.ReadAsync(timeout.Token);
            var hook = parser.Parse(delivery.Body);
            if (hook.Customer?.Code == customerCode && hook.ActivityType == type)
            {
                return delivery;
            }
        }
    }

    [Fact]
    public async Task A_signup_webhook_is_accepted_and_parsed_into_a_new_subscription_event()
    {
        var code = Signups.NewCode("hook");
        await sandbox.Customers.CreateAsync(Signups.Paid(code), Ct);

        var (body, signature) = await NextFor(code, CheddarActivityType.NewSubscription);

        var verifier = sandbox.Services.GetRequiredService<CheddarWebhookVerifier>();
        Assert.True(verifier.IsValid(body, signature));
        var hook = sandbox.Services.GetRequiredService<CheddarWebhookParser>().Parse(body);
        Assert.Equal(("PRO", "1111"), (hook.Subscription!.Plan!.Code, hook.Subscription.CcLastFour));
        Assert.False(string.IsNullOrEmpty(hook.ActivityId));
        Assert.Equal("DEMOSAAS", hook.Product!.Code);
    }

    [Fact]
    public async Task A_delivered_webhook_is_rejected_when_altered_unsigned_or_checked_with_another_secret()
    {
        var code = Signups.NewCode("tamper");
        await sandbox.Customers.CreateAsync(Signups.Free(code), Ct);
        await sandbox.Customers.CancelAsync(code, Ct);

        var (body, signature) = await NextFor(code, CheddarActivityType.SubscriptionCanceled);

        var verifier = sandbox.Services.GetRequiredService<CheddarWebhookVerifier>();
        Assert.True(verifier.IsValid(body, signature));
        var altered = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(body).Replace(code, code + "x"));
        Assert.False(verifier.IsValid(altered, signature));
        Assert.Throws<CheddarWebhookException>(() => verifier.Verify(body, null));
        Assert.False(new CheddarWebhookVerifier("not-the-product-secret").IsValid(body, signature));
    }
}
