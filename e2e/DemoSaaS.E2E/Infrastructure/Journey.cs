using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.v3;

namespace DemoSaaS.E2E.Infrastructure;

/// <summary>
/// One user's journey in its own browser context: a Playwright trace that is kept only when the test fails,
/// numbered screenshots, and axe on every page the journey visits (no serious or critical violation allowed).
/// </summary>
public abstract partial class Journey(AppServer app, BrowserSession browser) : IAsyncLifetime
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    private readonly HashSet<string> _visitedPaths = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _checkedPaths = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _paths = new();
    private IBrowserContext _context = default!;
    private int _screenshots;

    protected AppServer App => app;

    /// <summary>Where the browser goes: the shared app, unless a journey reaches the product another way (through HAProxy).</summary>
    protected virtual Uri BaseAddress => App.BaseAddress;

    protected IPage Page { get; private set; } = default!;

    /// <summary>What Cheddar (the app's embedded sandbox) holds, asked directly rather than through the app's pages.</summary>
    protected SandboxProbe Sandbox => new(App);

    /// <summary>Folder and file prefix for this test's artifacts: the class name without "Journey", plus a theory's arguments.</summary>
    protected string Name { get; } = ArtifactName();

    public virtual async ValueTask InitializeAsync()
    {
        _context = await browser.NewContextAsync(BaseAddress);
        _context.SetDefaultTimeout(30_000);
        await _context.Tracing.StartAsync(new TracingStartOptions { Title = Name, Screenshots = true, Snapshots = true });
        Page = await _context.NewPageAsync();
        Page.FrameNavigated += (_, frame) =>
        {
            if (frame == Page.MainFrame && PathOf(frame.Url) is { } path)
            {
                lock (_paths)
                {
                    _visitedPaths.Add(path);
                }
            }
        };
    }

    /// <summary>A named step worth seeing: screenshot, then axe on the page as it is now.</summary>
    protected async Task CheckpointAsync(string step)
    {
        var directory = Path.Combine(BrowserSession.ResultsDirectory, Name);
        Directory.CreateDirectory(directory);
        var file = $"{Interlocked.Increment(ref _screenshots):00}-{step}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file), FullPage = true });
        await AssertAccessibleAsync(step);
    }

    /// <summary>Axe on the current page unless this journey already checked a page at this path (for shared steps like logging in).</summary>
    protected async Task PassThroughAsync()
    {
        bool seen;
        lock (_paths)
        {
            seen = _checkedPaths.Contains(PathOf(Page.Url) ?? "");
        }
        if (!seen)
        {
            await AssertAccessibleAsync(PathOf(Page.Url) ?? Page.Url);
        }
    }

    /// <summary>Navigates to an interactive (Blazor Server) page and waits for its live render, so the first click is not lost.</summary>
    protected async Task GotoInteractiveAsync(string path)
    {
        var circuit = Page.WaitForWebSocketAsync(new PageWaitForWebSocketOptions { Predicate = socket => socket.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Page.GotoAsync(path);
        await circuit;
        // The theme toggle exists only in the layout's interactive render: once it shows, the prerendered page has been
        // replaced by the live one and clicks reach their handlers.
        await Assertions.Expect(Page.GetByTestId("theme-toggle")).ToBeVisibleAsync();
    }

    /// <summary>Fills and submits the signup form (a static server-rendered form) the way a visitor does.</summary>
    protected async Task SubmitSignupAsync(SignupDetails details, string? screenshotStep = null)
    {
        await Page.GotoAsync("/signup");
        await Page.Locator($"#plan-{details.Plan}").CheckAsync();
        await Page.GetByLabel("First name").FillAsync(details.Visitor.FirstName);
        await Page.GetByLabel("Last name").FillAsync(details.Visitor.LastName);
        await Page.GetByLabel("Email").FillAsync(details.Visitor.Email);
        await Page.GetByLabel("Password").FillAsync(details.Visitor.Password);
        if (details.Card is { } card)
        {
            await Page.GetByLabel("Card number").FillAsync(card.Number);
            await Page.GetByLabel("Expiry").FillAsync(TestCard.Expiry);
            await Page.GetByLabel("CVV").FillAsync(card.Cvv);
            await Page.GetByLabel("Billing zip").FillAsync(details.Zip);
        }
        if (details.Coupon is { } coupon)
        {
            await Page.GetByLabel("Coupon").FillAsync(coupon);
        }
        if (screenshotStep is not null)
        {
            await CheckpointAsync(screenshotStep);
        }
        else
        {
            await PassThroughAsync();
        }
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create account" }).ClickAsync();
    }

    /// <summary>Signs up through /signup and lands on the "check your email" page.</summary>
    protected async Task SignUpAsync(SignupDetails details, string? screenshotStep = null)
    {
        await SubmitSignupAsync(details, screenshotStep);
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/Account/RegisterConfirmation"));
        await PassThroughAsync();
    }

    /// <summary>Confirms the email address with the link the app mailed (in Development, mails land in /dev/mailbox).</summary>
    protected async Task ConfirmEmailAsync(Visitor visitor)
    {
        await Page.GotoAsync($"/dev/mailbox?to={Uri.EscapeDataString(visitor.Email)}");
        await Assertions.Expect(Page.GetByTestId("mail")).ToHaveCountAsync(1);
        await PassThroughAsync();
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Confirm my email" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thank you for confirming your email.");
        await PassThroughAsync();
    }

    /// <summary>Submits the login form; the caller asserts the outcome it expects.</summary>
    protected async Task SubmitLoginAsync(string email, string password)
    {
        await Page.GotoAsync("/Account/Login");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await PassThroughAsync();
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in" }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Logs in and waits until the app treats the visitor as signed in.</summary>
    protected async Task LogInAsync(Visitor visitor)
    {
        await SubmitLoginAsync(visitor.Email, visitor.Password);
        await Assertions.Expect(Page).Not.ToHaveURLAsync(new Regex("/Account/Login"));
        await PassThroughAsync();
    }

    /// <summary>The common start of a journey: sign up, confirm the email, log in.</summary>
    protected async Task SignUpAndLogInAsync(SignupDetails details)
    {
        await SignUpAsync(details);
        await ConfirmEmailAsync(details.Visitor);
        await LogInAsync(details.Visitor);
    }

    /// <summary>Opens the account page (an interactive page) once its circuit is live and Cheddar's answer is shown.</summary>
    protected async Task OpenAccountAsync()
    {
        await GotoInteractiveAsync("/account");
        await Assertions.Expect(Page.GetByTestId("plan-panel")).ToBeVisibleAsync();
    }

    /// <summary>
    /// On /reports (circuit live): pastes the data, generates, and waits for the new report's page. Returns to
    /// /reports through the app's navigation, as a user making several reports would.
    /// </summary>
    protected async Task MakeReportAsync(string title, string data, bool isCsv, string? screenshotStep = null)
    {
        await Assertions.Expect(Page.GetByTestId("generate")).ToBeEnabledAsync();
        await PassThroughAsync();
        await Page.Locator("#report-text").FillAsync(data);
        if (isCsv)
        {
            await Page.GetByLabel("The pasted text is CSV").CheckAsync();
        }
        await Page.Locator("#report-title").FillAsync(title);
        await Page.Locator("#report-title").BlurAsync();
        await Page.GetByTestId("generate").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("report-heading")).ToHaveTextAsync(title);
        if (screenshotStep is not null)
        {
            await CheckpointAsync(screenshotStep);
        }
        else
        {
            await PassThroughAsync();
        }
    }

    /// <summary>Follows a link of the app bar (client-side navigation on the live circuit).</summary>
    protected async Task NavigateByAppBarAsync(string linkName)
    {
        await Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = linkName, Exact = true }).ClickAsync();
    }

    /// <summary>Runs axe on the page once it is still and counts the page as checked; the caller judges the result.</summary>
    protected async Task<AxeResult> ScanAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        await SettleAsync();
        var result = await Page.RunAxe();
        lock (_paths)
        {
            _checkedPaths.Add(PathOf(Page.Url) ?? Page.Url);
        }
        return result;
    }

    private async Task AssertAccessibleAsync(string step)
    {
        var result = await ScanAsync();
        var blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)).ToList();
        if (blocking.Count > 0 && blocking.All(v => v.Id == "document-title"))
        {
            // The title can be empty for a moment while the circuit's first render replaces the prerendered head
            // (HeadOutlet renders before the page's PageTitle reaches it): judge the page once it has settled again.
            // A page without a title fails the second scan too.
            result = await ScanAsync();
            blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)).ToList();
        }
        if (blocking.Count == 0)
        {
            return;
        }
        var report = new StringBuilder($"axe found {blocking.Count} serious/critical violation(s) on {Page.Url} at step '{step}':");
        foreach (var violation in blocking)
        {
            report.Append($"\n- [{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes.Take(5))
            {
                report.Append($"\n    {node.Target}: {node.Html}\n      {string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message))}");
            }
        }
        Assert.Fail(report.ToString());
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        var failed = TestContext.Current.TestState?.Result is TestResult.Failed;
        if (failed)
        {
            var traces = Path.Combine(BrowserSession.ResultsDirectory, "traces");
            Directory.CreateDirectory(traces);
            await _context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(traces, $"{Name}.zip") });
        }
        else
        {
            await _context.Tracing.StopAsync();
        }

        var video = Page.Video;
        await _context.CloseAsync();
        if (video is not null)
        {
            await video.SaveAsAsync(Path.Combine(BrowserSession.VideoDirectory, $"{Name}.webm"));
            await video.DeleteAsync();
        }

        if (!failed)
        {
            List<string> missed;
            lock (_paths)
            {
                missed = _visitedPaths.Except(_checkedPaths, StringComparer.OrdinalIgnoreCase).ToList();
            }
            Assert.True(missed.Count == 0, $"Pages visited without an axe check: {string.Join(", ", missed)}");
        }
    }

    /// <summary>
    /// Waits (briefly) until the page is still: an interactive page's title comes from HeadOutlet, which the circuit may
    /// be re-rendering, and a snackbar fading in is half transparent, which axe would measure as poor contrast.
    /// </summary>
    private async Task SettleAsync()
    {
        const string still = """
            () => document.title.length > 0 && document.getAnimations().every(a =>
                a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)
            """;
        try
        {
            await Page.WaitForFunctionAsync(still, null, new PageWaitForFunctionOptions { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // Still not still: axe judges the page as it is, and names any element that is actually wrong.
        }
    }

    private static string ArtifactName()
    {
        var test = TestContext.Current.Test as IXunitTest;
        var name = test?.TestMethod.TestClass.Class.Name.Replace("Journey", "", StringComparison.Ordinal) ?? "Journey";
        var arguments = test?.TestMethodArguments ?? [];
        return arguments.Length == 0 ? name : $"{name}-{string.Join("-", arguments)}";
    }

    /// <summary>The page a URL shows: its path, with ids (GUIDs, numbers) generalized so /reports/1 and /reports/2 are one page.</summary>
    private static string? PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? IdSegment().Replace(uri.AbsolutePath, "/{id}")
            : null;

    [GeneratedRegex(@"/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]+)(?=/|$)")]
    private static partial Regex IdSegment();
}
