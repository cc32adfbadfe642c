using System.Globalization;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using DemoSaaS.Web.Features.Reports;
using DemoSaaS.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Data;

/// <summary>
/// The app's SQLite settings (docs/decisions/0005-sqlite-durability.md): WAL with synchronous=NORMAL on every connection,
/// and synced (FULL) commits wherever something outside the database acts on the commit next.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)]
public sealed class SqliteDurabilityTests : IAsyncLifetime
{
    private readonly CommitSyncRecorder _writes = new();
    private BillingAppFactory _app = default!;

    public async ValueTask InitializeAsync() => _app = await new BillingAppFactory(testServices: services =>
        services.ConfigureDbContext<ApplicationDbContext>((_, options) => options.AddInterceptors(_writes), ServiceLifetime.Singleton)).StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_app_connection_runs_WAL_with_synchronous_NORMAL_foreign_keys_and_a_busy_timeout()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await using var fromFactory = await _app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(Cancel);

        foreach (var db in new[] { scoped, fromFactory })
        {
            Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
            Assert.Equal("1", await PragmaAsync(db, "synchronous"));
            Assert.Equal("1", await PragmaAsync(db, "foreign_keys"));
            Assert.Equal("5000", await PragmaAsync(db, "busy_timeout"));
        }
        // WAL is a property of the file: any other program opening it (a backup tool, sqlite3) sees it too.
        await using var outside = new SqliteConnection($"DataSource={_app.DatabasePath};Pooling=False");
        await outside.OpenAsync(Cancel);
        await using var command = outside.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync(Cancel));
    }

    [Fact]
    public async Task A_durable_scope_syncs_its_commits_and_leaves_pooled_connections_on_NORMAL()
    {
        var databases = _app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using (var db = await databases.CreateDbContextAsync(Cancel))
        {
            await using (await DurableCommits.BeginAsync(db, Cancel))
            {
                Assert.Equal("2", await PragmaAsync(db, "synchronous"));
            }
            Assert.Equal("1", await PragmaAsync(db, "synchronous"));
        }
        // The pool hands the same native connection to the next context.
        await using var next = await databases.CreateDbContextAsync(Cancel);
        Assert.Equal("1", await PragmaAsync(next, "synchronous"));
    }

    [Fact]
    public async Task Foreign_keys_are_enforced_so_a_report_cannot_belong_to_an_unknown_user()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(Cancel);
        db.Reports.Add(new Report
        {
            UserId = Guid.NewGuid().ToString(),
            Title = "orphan",
            CreatedAtUtc = DateTime.UtcNow,
            SourceKind = "text",
            SourceText = "a",
            ResultJson = "{}",
        });

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancel));
        Assert.Contains("FOREIGN KEY", refused.InnerException?.Message ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Commits_that_Cheddar_or_a_download_acts_on_are_synced_and_a_report_and_its_use_are_not()
    {
        // Customer code = user id, as at signup; the sandbox's webhook for the new customer arrives meanwhile.
        var user = await _app.NewCustomerAsync("PRO");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>()
                .CreateAsync(new ApplicationUser { Id = user, UserName = $"{user}@example.com", Email = $"{user}@example.com", EmailConfirmed = true });
            Assert.True(created.Succeeded);
        }
        await using var reportScope = _app.Services.CreateAsyncScope();
        var reports = reportScope.ServiceProvider.GetRequiredService<ReportService>();

        var generated = await reports.GenerateAsync(user, new ReportRequest { Title = "Words", Kind = ReportSourceKind.Text, Data = "alpha beta beta" }, Cancel);
        var exported = await reports.ExportAsync(user, generated.Report!.Id, Cancel);
        Assert.NotNull(exported.Csv);
        await Eventually.TrueAsync(async () => await _app.QuantityAsync(user, "REPORTS") == 1 && await _app.QuantityAsync(user, "EXPORTS") == 1,
            TimeSpan.FromSeconds(10), "both uses reached Cheddar");
        await Eventually.TrueAsync(() => Task.FromResult(_writes.Writes.Any(w => w.Table == "BillingEvents")), TimeSpan.FromSeconds(10), "a webhook was stored");

        var writes = _writes.Writes.ToList();
        // The report and its use commit together without a sync: an OS crash loses both or neither.
        Assert.Contains(writes, w => w is { Table: "Reports", Synchronous: 1 });
        Assert.Contains(writes, w => w is { Table: "UsageOutbox", Synchronous: 1 });
        // The export's use is synced before the file is handed out.
        Assert.Contains(writes, w => w is { Table: "UsageOutbox", Synchronous: 2 });
        // The relay's claims (a batch id on the uses) are synced before the Cheddar call that follows.
        var claims = writes.Where(w => w is { Table: "UsageOutbox", Column: "BatchId" }).ToList();
        Assert.NotEmpty(claims);
        Assert.All(claims, w => Assert.Equal(2, w.Synchronous));
        // A webhook is stored durably before Cheddar gets its 200.
        Assert.All(writes.Where(w => w.Table == "BillingEvents"), w => Assert.Equal(2, w.Synchronous));
    }

    [Fact]
    public async Task A_WAL_grown_past_4_MB_is_truncated_within_seconds_once_readers_let_go()
    {
        var user = await _app.NewCustomerAsync("PRO");
        var wal = new FileInfo(_app.DatabasePath + "-wal");
        // A reader that keeps its snapshot stops every checkpoint from restarting the WAL, as steady traffic does.
        await using (var reader = new SqliteConnection($"DataSource={_app.DatabasePath};Pooling=False"))
        {
            await reader.OpenAsync(Cancel);
            using var transaction = reader.BeginTransaction(deferred: true);
            await using var read = reader.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM UsageOutbox;";
            await read.ExecuteScalarAsync(Cancel);
            for (var batch = 0; batch < 40 && Length(wal) <= 5_000_000; batch++)
            {
                await _app.RecordUsesConcurrentlyAsync(user, MeteredFeature.Reports, 50);
            }
            Assert.True(Length(wal) > 5_000_000, $"the WAL grew past 5 MB ({Length(wal)} bytes)");
        }

        await Eventually.TrueAsync(() => Task.FromResult(Length(wal) < 1_000_000), TimeSpan.FromSeconds(15), "the WAL was truncated");
    }

    private static long Length(FileInfo file)
    {
        file.Refresh();
        return file.Exists ? file.Length : 0;
    }

    private static async Task<string> PragmaAsync(ApplicationDbContext db, string pragma)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(Cancel);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma};";
            return Convert.ToString(await command.ExecuteScalarAsync(Cancel), CultureInfo.InvariantCulture)!;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
