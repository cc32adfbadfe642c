using System.Diagnostics;
using System.Net;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Instances;

/// <summary>
/// Data-protection keys (auth cookies, antiforgery tokens, paused circuits) live in the app's database, on SQLite too
/// (docs/decisions/0010-instances-share-keys-and-start-once.md): the first start makes one, a restart uses it, and
/// <c>--setup</c> makes it before any instance serves.
/// </summary>
public sealed class DataProtectionKeyTests
{
    private const string Password = "Correct-Horse-9";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_start_makes_one_key_in_the_database_and_a_signed_in_user_stays_signed_in_across_a_restart()
    {
        var database = BillingAppFactory.NewDatabasePath();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        try
        {
            string email;
            await using (var first = await new BillingAppFactory(databasePath: database).StartAsync())
            {
                Assert.Equal(1, await first.WithDbAsync(db => db.DataProtectionKeys.CountAsync(Cancel)));
                email = await CreateConfirmedUserAsync(first);
                Assert.Equal(HttpStatusCode.Redirect, await LogInAsync(browser, first.ClientOptions.BaseAddress, email));
                Assert.True(await SeesAccountPageAsync(browser, first.ClientOptions.BaseAddress));
            }

            await using var restarted = await new BillingAppFactory(databasePath: database).StartAsync();

            Assert.Equal(1, await restarted.WithDbAsync(db => db.DataProtectionKeys.CountAsync(Cancel)));
            Assert.True(await SeesAccountPageAsync(browser, restarted.ClientOptions.BaseAddress), "the cookie made before the restart still signs the user in");
        }
        finally
        {
            BillingAppFactory.DeleteDatabase(database);
        }
    }

    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task The_setup_switch_migrates_makes_the_first_key_and_exits_0_without_serving()
    {
        var folder = Directory.CreateTempSubdirectory("demosaas-setup-").FullName;
        try
        {
            var database = Path.Combine(folder, "app.db");
            var (exitCode, output) = await RunAppAsync(folder,
            [
                "--setup", $"--ConnectionStrings:DefaultConnection=DataSource={database}",
                $"--CheddarSandbox:DatabasePath={Path.Combine(folder, "sandbox.db")}",
            ]);

            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
            Assert.DoesNotContain("Now listening", output);
            SqliteConnection.ClearAllPools();
            await using var connection = new SqliteConnection($"DataSource={database};Pooling=False");
            await connection.OpenAsync(Cancel);
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM \"DataProtectionKeys\""));
            var applied = await ScalarAsync(connection, "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"");
            await using var migrations = new SqliteMigrationsContext(
                new DbContextOptionsBuilder<SqliteMigrationsContext>().UseSqlite("DataSource=:memory:").UseIdentitySchema().Options);
            Assert.Equal(migrations.Database.GetMigrations().Count(), applied);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the built app (<c>dotnet DemoSaaS.Web.dll</c>, Development) to its end; fails after a minute.</summary>
    private static async Task<(int ExitCode, string Output)> RunAppAsync(string workingDirectory, IEnumerable<string> arguments)
    {
        var dll = WebAppDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(dll)!);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            lock (output)
            {
                Assert.Fail($"The app was still running after 60 s (it should set up and exit):\n{output}");
            }
        }
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>The web app's build output beside this test assembly's configuration (Debug or Release).</summary>
    private static string WebAppDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DemoSaaS.sln")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var dll = Path.Combine(directory.FullName, "src", "DemoSaaS.Web", "bin", configuration, "net10.0", "DemoSaaS.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        return dll;
    }

    private static async Task<string> CreateConfirmedUserAsync(BillingAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"keys-{Guid.NewGuid():N}@example.com";
        Assert.True((await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, Password)).Succeeded);
        return email;
    }

    private static async Task<HttpStatusCode> LogInAsync(HttpClient browser, Uri app, string email)
    {
        var token = SignedInClient.AntiforgeryToken(await browser.GetStringAsync(new Uri(app, "/Account/Login"), Cancel));
        using var response = await browser.PostAsync(new Uri(app, "/Account/Login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }), Cancel);
        return response.StatusCode;
    }

    private static async Task<bool> SeesAccountPageAsync(HttpClient browser, Uri app)
    {
        using var account = await browser.GetAsync(new Uri(app, "/account"), Cancel);
        return account.StatusCode == HttpStatusCode.OK
            && (await account.Content.ReadAsStringAsync(Cancel)).Contains("<title>Account · Awesome Reports</title>", StringComparison.Ordinal);
    }
}
