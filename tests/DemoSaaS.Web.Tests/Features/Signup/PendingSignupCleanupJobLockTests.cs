using DemoSaaS.Web.Features.Signup;
using DemoSaaS.Web.Tests.Infrastructure;
using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DemoSaaS.Web.Tests.Features.Signup;

/// <summary>
/// On PostgreSQL the cleanup runs under the <c>job:pending-signup-cleanup</c> advisory lock. A pass must end, and free that
/// lock, as soon as its work is done: a pass that hangs holds every instance's cleanup off, and unfinished signups (a
/// customer Cheddar charged, no account yet) wait. Before the fix a pass watched its lock for loss (DistributedLock's
/// HandleLostToken runs a 60 s <c>pg_sleep</c> on the lock's connection), and releasing the lock had to cancel that sleep;
/// a cancel that reached PostgreSQL before the sleep started was lost, so the release waited out the whole minute. The
/// billing invariant test saw it as a charged TEAM signup left without its account for over 30 s.
/// </summary>
[Trait("Database", "ChoosesItsOwn")]
public sealed class PendingSignupCleanupJobLockTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_cleanup_pass_on_PostgreSQL_ends_at_once_and_frees_the_job_lock()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var database = await cluster.CreateDatabaseAsync("cleanup", Cancel);
        try
        {
            await using var app = await new BillingAppFactory(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:DefaultConnection"] = database,
                // Only the passes this test starts run.
                ["Signup:CleanupInterval"] = "01:00:00",
            }).StartAsync();
            var cleanup = app.Services.GetServices<IHostedService>().OfType<PendingSignupCleanup>().Single();
            var locks = app.Services.GetRequiredService<IDistributedLockProvider>();

            // A pass that has work: one stale signup whose look-up Cheddar holds for 3 s. While it runs, nothing may be parked
            // on the lock's connection that its release would have to cancel (the old code's pg_sleep showed here).
            var code = await app.NewCustomerAsync("FREE");
            await app.AddFaultAsync($$"""{"path":"customers/get","customer":"{{code}}","kind":"latency","latencyMs":3000,"count":1}""");
            await app.WithDbAsync(async db =>
            {
                db.PendingSignups.Add(StalePendingSignup.Row(code, SignupAccount.Password));
                return await db.SaveChangesAsync(Cancel);
            });
            var slowPass = cleanup.CleanUpAsync(Cancel);
            var parked = new List<string>();
            while (!slowPass.IsCompleted)
            {
                parked.AddRange(await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
                    "SELECT query AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")
                    .ToListAsync(Cancel)));
                await Task.Delay(100, Cancel);
            }
            await slowPass;
            Assert.Empty(parked);
            Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == code, Cancel)), "the stale signup got its account");

            for (var pass = 1; pass <= 200; pass++)
            {
                var run = cleanup.CleanUpAsync(Cancel);
                // Nothing is due, so a pass is a few milliseconds of work; ten seconds is the machine being very busy.
                var ended = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), Cancel)) == run;
                Assert.True(ended, $"cleanup pass {pass} was still running after 10 s (it holds the job lock meanwhile)");
                await run;
                await using var next = await locks.CreateLock(PendingSignupCleanup.JobLockName).TryAcquireAsync(TimeSpan.Zero, Cancel);
                Assert.True(next is not null, $"the job lock was still held after cleanup pass {pass} ended");
            }
        }
        finally
        {
            await cluster.DropDatabaseAsync(database, CancellationToken.None);
        }
    }
}
