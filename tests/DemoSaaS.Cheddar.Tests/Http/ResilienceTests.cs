using System.Diagnostics;
using System.Net;
using DemoSaaS.Cheddar.Tests.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Cheddar.Tests.Http;

/// <summary>The retry policy against the sandbox's fault injection (count-limited faults, cleared after each test).</summary>
public sealed class ResilienceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly HttpClient _control = sandbox.CreateControlClient();
    private SandboxFaults Faults => new(_control);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Faults.ClearAsync();
        _control.Dispose();
    }

    private async Task<string> NewProCustomer() => (await sandbox.Customers.CreateAsync(Signups.Paid(Signups.NewCode("resilience")), Ct)).Code;

    [Fact]
    public async Task A_read_that_meets_503_twice_then_succeeds_returns_normally()
    {
        var code = await NewProCustomer();
        await Faults.AddAsync(new { path = "customers/get", kind = "status", status = 503, count = 2 });

        var customer = await sandbox.Customers.GetAsync(code, Ct);

        Assert.Equal(code, customer.Code);
        Assert.Equal(0, await Faults.RemainingAsync());
    }

    [Fact]
    public async Task A_read_that_keeps_failing_gives_up_after_the_configured_retries()
    {
        await Faults.AddAsync(new { path = "plans/get", kind = "status", status = 503, count = 5 });

        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Plans.GetAllAsync(Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(5 - 3, await Faults.RemainingAsync());
    }

    [Fact]
    public async Task Not_implemented_is_not_retried()
    {
        await Faults.AddAsync(new { path = "plans/get", kind = "status", status = 501, count = 2 });

        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Plans.GetAllAsync(Ct));

        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Equal(1, await Faults.RemainingAsync());
    }

    [Fact]
    public async Task An_increment_that_was_applied_but_answered_500_is_not_retried_and_counts_once()
    {
        var code = await NewProCustomer();
        await Faults.AddAsync(new { path = "add-item-quantity", kind = "applyThenFail", status = 500, count = 2 });

        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.TrackedItems.AddQuantityAsync(code, "REPORTS", 3, Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, await Faults.RemainingAsync());
        Assert.Equal(3m, (await sandbox.Customers.GetAsync(code, Ct)).CurrentSubscription!.FindUsage("REPORTS")!.Used);
    }

    [Fact]
    public async Task An_increment_whose_connection_dropped_is_reported_as_unknown_outcome_and_counts_once()
    {
        var code = await NewProCustomer();
        await Faults.AddAsync(new { path = "add-item-quantity", kind = "applyThenFail", drop = true, count = 2 });

        var error = await Assert.ThrowsAsync<CheddarUnavailableException>(() => sandbox.TrackedItems.AddQuantityAsync(code, "REPORTS", 1, Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal(1m, (await sandbox.Customers.GetAsync(code, Ct)).CurrentSubscription!.FindUsage("REPORTS")!.Used);
    }

    [Fact]
    public async Task A_signup_whose_answer_was_lost_is_not_repeated()
    {
        var code = Signups.NewCode("lost");
        await Faults.AddAsync(new { path = "customers/new", kind = "applyThenFail", drop = true, count = 2 });

        var error = await Assert.ThrowsAsync<CheddarUnavailableException>(() => sandbox.Customers.CreateAsync(Signups.Paid(code), Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal(1, await Faults.RemainingAsync());
        Assert.Single(await sandbox.Customers.ListAsync(new() { Search = code }, Ct));
    }

    [Fact]
    public async Task Setting_a_quantity_is_retried_after_a_lost_answer_and_ends_at_that_value()
    {
        var code = await NewProCustomer();
        await Faults.AddAsync(new { path = "set-item-quantity", kind = "applyThenFail", status = 502, count = 1 });

        var customer = await sandbox.TrackedItems.SetQuantityAsync(code, "EXPORTS", 7, cancellationToken: Ct);

        Assert.Equal(7m, customer.CurrentSubscription!.FindUsage("EXPORTS")!.Used);
        Assert.Equal(0, await Faults.RemainingAsync());
    }

    [Fact]
    public async Task Cancel_is_retried_after_a_lost_answer()
    {
        var code = await NewProCustomer();
        await Faults.AddAsync(new { path = "customers/cancel", kind = "applyThenFail", drop = true, count = 1 });

        var customer = await sandbox.Customers.CancelAsync(code, Ct);

        Assert.Equal("customer", customer.CurrentSubscription!.CancelType);
    }

    [Fact]
    public async Task A_429_waits_as_long_as_retry_after_says_then_succeeds()
    {
        await Faults.AddAsync(new { path = "promotions/get", kind = "rateLimit", retryAfterSeconds = 2, count = 1 });
        var clock = Stopwatch.StartNew();

        var promotions = await sandbox.Promotions.GetAllAsync(Ct);

        Assert.NotEmpty(promotions);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_allowed_fails_at_once_with_its_retry_after()
    {
        await Faults.AddAsync(new { path = "promotions/get", kind = "rateLimit", retryAfterSeconds = 600, count = 1 });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CheddarException>(() => sandbox.Promotions.GetAllAsync(Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(600), error.RetryAfter);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_hung_read_is_abandoned_after_the_attempt_timeout_and_retried()
    {
        await using var impatient = SandboxFixture.BuildClient(sandbox.Sandbox.BaseAddress, new() { ["Cheddar:AttemptTimeout"] = "00:00:01" });
        await Faults.AddAsync(new { path = "plans/get", kind = "hang", hangMs = 30000, count = 1 });
        var clock = Stopwatch.StartNew();

        var plans = await impatient.GetRequiredService<ICheddarPlans>().GetAllAsync(Ct);

        Assert.NotEmpty(plans);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_hung_write_is_reported_as_unavailable_with_unknown_outcome()
    {
        var code = await NewProCustomer();
        await using var impatient = SandboxFixture.BuildClient(sandbox.Sandbox.BaseAddress, new() { ["Cheddar:AttemptTimeout"] = "00:00:01" });
        await Faults.AddAsync(new { path = "add-item-quantity", kind = "hang", hangMs = 30000, count = 2 });

        var error = await Assert.ThrowsAsync<CheddarUnavailableException>(() =>
            impatient.GetRequiredService<ICheddarTrackedItems>().AddQuantityAsync(code, "REPORTS", 1, Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Equal(1, await Faults.RemainingAsync());
    }

    [Fact]
    public async Task Cheddar_unreachable_is_a_distinct_error_after_retries()
    {
        await using var nowhere = SandboxFixture.BuildClient(new Uri("http://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<CheddarUnavailableException>(() => nowhere.GetRequiredService<ICheddarPlans>().GetAllAsync(Ct));

        Assert.False(error.OutcomeUnknown);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_write_that_could_not_connect_is_known_not_to_have_happened()
    {
        await using var nowhere = SandboxFixture.BuildClient(new Uri("http://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<CheddarUnavailableException>(() =>
            nowhere.GetRequiredService<ICheddarTrackedItems>().AddQuantityAsync("anyone", "REPORTS", 1, Ct));

        Assert.False(error.OutcomeUnknown);
    }

    [Fact]
    public async Task A_rate_limited_increment_is_retried_after_retry_after_and_counts_once()
    {
        var code = await NewProCustomer();
        await Faults.AddAsync(new { path = "add-item-quantity", kind = "rateLimit", retryAfterSeconds = 1, count = 1 });
        var clock = Stopwatch.StartNew();

        var customer = await sandbox.TrackedItems.AddQuantityAsync(code, "REPORTS", 2, Ct);

        Assert.Equal(2m, customer.CurrentSubscription!.FindUsage("REPORTS")!.Used);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), clock.Elapsed.ToString());
        Assert.Equal(0, await Faults.RemainingAsync());
    }
}
