using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Instances;

/// <summary>
/// SQLite serves one instance (its locks and the in-process coordination assume one process): a second instance on the
/// same file refuses to start and says why in one line, and the file is free again once the first stops.
/// </summary>
// SQLite only: on PostgreSQL (DEMOSAAS_TEST_DATABASE=Postgres) several instances on one database are the point.
[Trait("Database", "SqliteOnly")]
public sealed class SqliteSingleInstanceTests
{
    [Fact]
    public async Task A_second_instance_on_the_same_SQLite_file_refuses_to_start_and_says_why_in_one_line()
    {
        var database = BillingAppFactory.NewDatabasePath();
        try
        {
            await using (var first = await new BillingAppFactory(databasePath: database).StartAsync())
            {
                await using var second = new BillingAppFactory(databasePath: database);

                var error = await Assert.ThrowsAnyAsync<Exception>(second.StartAsync);

                var message = OneLineReason(error);
                Assert.StartsWith($"Another instance is already running on the SQLite database '{database}'", message);
                Assert.Contains("Database:Provider=Postgres", message);
                Assert.DoesNotContain('\n', message);
                // The first instance is unaffected.
                using var client = new HttpClient { BaseAddress = first.ClientOptions.BaseAddress };
                using var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
                Assert.True(home.IsSuccessStatusCode);
            }

            // Stopped, the first instance leaves the file to the next.
            await using var restarted = await new BillingAppFactory(databasePath: database).StartAsync();
            Assert.NotNull(restarted.Services);
        }
        finally
        {
            BillingAppFactory.DeleteDatabase(database);
        }
    }

    private static string OneLineReason(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException && current.Message.StartsWith("Another instance", StringComparison.Ordinal))
            {
                return current.Message;
            }
        }
        throw new Xunit.Sdk.XunitException($"The second instance failed for another reason, or started: {error}");
    }
}
