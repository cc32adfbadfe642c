using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Features.Signup;

public sealed class SignupOptionsTests
{
    [Theory]
    [InlineData("Signup:SettleTime", "00:00:01", "Signup:SettleTime must be at least Signup:CheddarTimeout")]
    [InlineData("Signup:FreePlanCode", "GRATIS", "Signup:FreePlanCode must be one of Signup:PlanCodes")]
    [InlineData("Billing:SnapshotTtl", "banana", "SnapshotTtl")]
    public async Task A_misconfigured_app_refuses_to_start_and_names_the_setting(string key, string value, string message)
    {
        await using var app = new BillingAppFactory(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains(message, error.ToString());
    }
}
