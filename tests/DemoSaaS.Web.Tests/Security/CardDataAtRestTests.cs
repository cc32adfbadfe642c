using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Account;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Signs up and changes cards with every test card through the real app and sandbox, then looks for the full numbers
/// and the card codes everywhere data is kept: both SQLite databases (with their -wal/-shm files), every log line at
/// Debug (HttpClient at Trace), the text of the pages the users saw, and /dev/cheddar's list of the calls.
/// </summary>
public sealed class CardDataAtRestTests
{
    private static readonly (string Number, string SignupCvv, string ChangeCvv)[] Cards =
    [
        ("4111111111111111", "9173", "9281"),
        ("5424000000000015", "8264", "8392"),
        ("6011000000000012", "7355", "7413"),
        ("370000000000002", "6446", "6524"),
    ];

    [Fact]
    public async Task No_card_number_or_code_is_kept_in_databases_logs_or_pages_after_signups_and_card_changes_with_every_test_card()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["Signup:PermitsPerMinute"] = "1000" }).StartAsync();
        var pages = new List<string>();
        var emails = new List<string>();
        var expiry = $"11/{DateTime.UtcNow.Year + 2}";

        for (var i = 0; i < Cards.Length; i++)
        {
            var email = $"card-{i}-{Guid.NewGuid():N}@example.com";
            emails.Add(email);
            using var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress);
            var signup = await browser.SubmitAsync("/signup", "signup", new Dictionary<string, string>
            {
                ["Input.PlanCode"] = "PRO",
                ["Input.FirstName"] = "Card",
                ["Input.LastName"] = $"Holder{(char)('A' + i)}",
                ["Input.Email"] = email,
                ["Input.Password"] = "Correct-Horse-9",
                ["Input.CardNumber"] = Cards[i].Number,
                ["Input.CardExpiry"] = expiry,
                ["Input.CardCvv"] = Cards[i].SignupCvv,
                ["Input.CardZip"] = "12345",
            });
            pages.Add(signup.Html);
            Assert.True(signup.Status is HttpStatusCode.Redirect or HttpStatusCode.OK && !signup.Html.Contains("id=\"signup-error\"", StringComparison.Ordinal),
                $"Signup with card {i} failed: {(int)signup.Status} {Regex.Match(signup.Html, "id=\"signup-error\"[^>]*>([^<]*)<").Groups[1].Value} {string.Join(" | ", Regex.Matches(signup.Html, "field-error[^>]*>([^<]+)<").Select(m => m.Groups[1].Value))}");

            // A refused attempt echoes the form back: it must come back without the number and code.
            var refused = await browser.SubmitAsync("/signup", "signup", new Dictionary<string, string>
            {
                ["Input.PlanCode"] = "PRO",
                ["Input.FirstName"] = "Card",
                ["Input.LastName"] = "Refused",
                ["Input.Email"] = "not-an-email",
                ["Input.Password"] = "Correct-Horse-9",
                ["Input.CardNumber"] = Cards[i].Number,
                ["Input.CardExpiry"] = expiry,
                ["Input.CardCvv"] = Cards[i].SignupCvv,
                ["Input.CardZip"] = "12345",
            });
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            pages.Add(refused.Html);
        }

        // Every user then changes to the next test card through the account service the Account page calls.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            for (var i = 0; i < Cards.Length; i++)
            {
                var user = await users.FindByEmailAsync(emails[i]);
                Assert.NotNull(user);
                var next = Cards[(i + 1) % Cards.Length];
                var result = await accounts.UpdateCardAsync(user.Id, new CardForm
                {
                    FirstName = "Card",
                    LastName = $"Holder{(char)('A' + i)}",
                    Number = next.Number,
                    Expiry = expiry,
                    Cvv = Cards[i].ChangeCvv,
                    Zip = "12345",
                }, TestContext.Current.CancellationToken);
                Assert.True(result.Succeeded, $"Card change {i} failed: {result}");
                Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
            }
        }

        // The first user's account page, signed in, as the browser receives it.
        using (var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress))
        {
            var login = await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string>
            {
                ["Input.Email"] = emails[0],
                ["Input.Password"] = "Correct-Horse-9",
            });
            Assert.Equal(HttpStatusCode.Redirect, login.Status);
            var account = await browser.GetAsync("/account");
            Assert.Equal(HttpStatusCode.OK, account.Status);
            pages.Add(account.Html);
            Assert.Contains(Cards[1].Number[^4..], AnonymousBrowser.Text(account.Html));
        }

        // The developer's view of the integration (/dev/cheddar) lists every call above, with its parameters and answers.
        using (var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress))
        {
            var calls = await browser.GetAsync("/dev/cheddar");
            Assert.Equal(HttpStatusCode.OK, calls.Status);
            Assert.Contains("customers/edit-subscription", calls.Html);
            Assert.Contains("subscription[ccNumber]", calls.Html);
            pages.Add(calls.Html);
        }

        var databases = (App: await TestDatabase.ReadAtRestAsync(app.AppDatabasePath), Sandbox: SandboxDatabaseText(app.Folder));
        var logs = string.Join('\n', app.LogLines);
        var pageText = string.Join('\n', pages);

        // What is scanned really holds this run's data, so a clean scan means something.
        Assert.All(emails, email => Assert.Contains(email, databases.App));
        Assert.All(emails, email => Assert.Contains(email, databases.Sandbox));
        Assert.Contains("customers/new", logs);
        Assert.Contains("Debug", logs);
        Assert.Contains("edit-subscription", logs);

        // HttpClient's Trace logging of Cheddar requests shows that an Authorization header was sent, never its value.
        var basicToken = Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox@demosaas.local:sandbox"));
        Assert.Contains("System.Net.Http.HttpClient", logs);
        Assert.Contains("Authorization", logs);
        Assert.DoesNotContain(basicToken, logs);
        Assert.DoesNotContain(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoSaaS.Cheddar.CheddarOptions>>().Value.WebhookSecret!, logs);

        foreach (var (number, signupCvv, changeCvv) in Cards)
        {
            foreach (var (name, text) in new[] { ("app database", databases.App), ("sandbox database", databases.Sandbox), ("logs", logs), ("pages", pageText) })
            {
                Assert.False(text.Contains(number, StringComparison.Ordinal), $"The card number {number} is in the {name}: {Around(text, number)}");
                Assert.False(Standalone(signupCvv).IsMatch(text), $"The card code {signupCvv} is in the {name}: {Around(text, signupCvv)}");
                Assert.False(Standalone(changeCvv).IsMatch(text), $"The card code {changeCvv} is in the {name}: {Around(text, changeCvv)}");
            }
        }
        // The card is still described where it should be: type and last four only.
        Assert.Contains(Cards[2].Number[^4..], databases.Sandbox);
    }

    /// <summary>The sandbox's SQLite files as bytes (the app's database is read by <see cref="TestDatabase.ReadAtRestAsync"/>).</summary>
    private static string SandboxDatabaseText(string folder) => string.Concat(Directory.GetFiles(folder, "sandbox.db*")
        // A SQLite lock file (<database>.lock) is empty and may be held exclusively by the running app: not read.
        .Where(path => !path.EndsWith(".lock", StringComparison.Ordinal))
        .Select(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            // Latin-1 keeps every byte as one char, so ASCII digits are found wherever they sit in a page.
            return Encoding.Latin1.GetString(copy.ToArray());
        }));

    /// <summary>
    /// A card code as a value of its own, not as a piece of a longer number, identifier or decimal: a log line's
    /// "after 0.8392ms" or "ElapsedMilliseconds=0.8392" is a timing, not the code 8392.
    /// </summary>
    private static Regex Standalone(string digits) => new($"(?<![0-9A-Za-z]|[0-9]\\.){digits}(?![0-9A-Za-z]|\\.[0-9])");

    private static string Around(string text, string value)
    {
        var at = Standalone(value).Match(text);
        return at.Success ? text.Substring(Math.Max(0, at.Index - 80), Math.Min(160, text.Length - Math.Max(0, at.Index - 80))) : "";
    }
}
