using DemoSaaS.Cheddar.Tests.Sandbox;

namespace DemoSaaS.Cheddar.Tests.Api;

/// <summary>Its own sandbox: delete-all wipes every customer.</summary>
public sealed class DeleteAllTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Delete_all_empties_a_development_product()
    {
        var ct = TestContext.Current.CancellationToken;
        await sandbox.Customers.CreateAsync(Signups.Free(Signups.NewCode("wipe")), ct);
        await sandbox.Customers.CreateAsync(Signups.Free(Signups.NewCode("wipe")), ct);

        await sandbox.Customers.DeleteAllAsync(ct);

        Assert.Empty(await sandbox.Customers.ListAsync(cancellationToken: ct));
    }
}
