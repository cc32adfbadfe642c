using System.Text.RegularExpressions;
using DemoSaaS.Cheddar;
using DemoSaaS.Cheddar.Models;
using DemoSaaS.Cheddar.Requests;
using DemoSaaS.E2E.Infrastructure;

namespace DemoSaaS.E2E;

/// <summary>
/// The stack of <c>deploy/up.sh</c> (PostgreSQL, a standalone sandbox, two instances, HAProxy) in a real browser
/// through HAProxy: a user signs up, makes a report and opens the account page on one instance; that instance is
/// killed (SIGKILL) under them; the page comes back from the other instance, still signed in, and the work goes on.
/// </summary>
public sealed class SeveralInstancesJourney(AppServer app, BrowserSession browser) : Journey(app, browser)
{
    private const string AffinityCookie = "SERVERID";

    private readonly DeployedStack _stack = new();

    protected override Uri BaseAddress => _stack.ProductUrl;

    [Fact]
    public async Task A_user_keeps_their_session_and_reports_when_the_instance_serving_them_is_killed()
    {
        var missing = DeployedStack.MissingTools();
        Assert.SkipWhen(missing is not null, missing ?? "");
        var ct = TestContext.Current.CancellationToken;
        await _stack.StartAsync(instances: 2, ct);

        var visitor = Visitor.New("SeveralInstances");
        await SignUpAndLogInAsync(new SignupDetails { Visitor = visitor, Plan = "FREE" });
        // Signup, the dev mailbox (one instance's memory), confirmation and login all worked: affinity held.
        var serving = await ServingInstanceAsync();

        await GotoInteractiveAsync("/reports");
        await MakeReportAsync("Before the crash", "Quarterly notes: revenue, churn, hiring, revenue again.", isCsv: false, screenshotStep: "first-report");
        await OpenAccountAsync();
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToContainTextAsync("Free");
        await CheckpointAsync("account-before-the-crash");
        Assert.Equal(serving, await ServingInstanceAsync());

        // The instance holding this tab's circuit dies without a word. The tab's reconnect reaches the other instance
        // (HAProxy redispatches), which does not know the circuit, so the page reloads itself; a user whose page
        // does not would press Reload.
        var reloaded = new TaskCompletionSource();
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == Page.MainFrame)
            {
                reloaded.TrySetResult();
            }
        }
        Page.FrameNavigated += OnNavigated;
        _stack.Kill(serving);
        var reloadedItself = await Task.WhenAny(reloaded.Task, Task.Delay(TimeSpan.FromSeconds(20), ct)) == reloaded.Task;
        Page.FrameNavigated -= OnNavigated;
        if (!reloadedItself)
        {
            await Page.ReloadAsync();
        }

        // Still signed in: the auth cookie was made with a key both instances read from the database.
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/account$"));
        await Assertions.Expect(Page.GetByTestId("theme-toggle")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToContainTextAsync("Free");
        var survivor = await ServingInstanceAsync();
        Assert.NotEqual(serving, survivor);
        await CheckpointAsync("account-after-the-crash");

        // The report made on the dead instance is there (one database), and the next one is made on the survivor.
        await NavigateByAppBarAsync("Reports");
        await Assertions.Expect(Page.GetByTestId("report-row")).ToHaveCountAsync(1);
        await MakeReportAsync("After the crash", "Incident notes: one instance down, nobody logged out.", isCsv: false);
        await NavigateByAppBarAsync("Reports");
        await Assertions.Expect(Page.GetByTestId("report-row")).ToHaveCountAsync(2);
        await PassThroughAsync();

        // Cheddar counted both reports once each, including the one the killed instance may not have sent.
        await using var cheddar = _stack.CheddarClient();
        var customers = cheddar.GetRequiredService<ICheddarCustomers>();
        ItemUsage? reports = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var found = await customers.ListAsync(new CustomerListFilter { Search = visitor.Email }, ct);
            reports = Assert.Single(found).CurrentSubscription?.FindUsage("REPORTS");
            if (reports?.Used == 2)
            {
                break;
            }
            await Task.Delay(500, ct);
        }
        Assert.True(reports?.Used == 2,
            $"Cheddar counts {reports?.Used} reports, the user made 2.\nSurvivor's log:\n{_stack.LogTail(survivor)}");
    }

    /// <summary>The instance HAProxy's affinity cookie names (its server name, e.g. app1).</summary>
    private async Task<string> ServingInstanceAsync()
    {
        var cookies = await Page.Context.CookiesAsync([BaseAddress.ToString()]);
        var affinity = cookies.SingleOrDefault(cookie => cookie.Name == AffinityCookie);
        Assert.True(affinity is not null, $"No {AffinityCookie} cookie from HAProxy; cookies: {string.Join(", ", cookies.Select(c => c.Name))}");
        return affinity.Value;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _stack.DisposeAsync();
        }
    }
}
