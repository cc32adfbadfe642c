using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>A form posted from another site (no antiforgery token from our page) is refused before anything runs.</summary>
public sealed class AntiforgeryTests : IClassFixture<DemoSaaSWebFactory>
{
    private readonly DemoSaaSWebFactory _app;

    public AntiforgeryTests(DemoSaaSWebFactory app) => _app = app;

    [Theory]
    [InlineData("/signup", "signup", "Input.Email", "forged@example.com")]
    [InlineData("/Account/Login", "login", "Input.Email", "forged@example.com")]
    [InlineData("/Account/ForgotPassword", "forgot-password", "Input.Email", "forged@example.com")]
    [InlineData("/Account/ResendEmailConfirmation", "resend-email-confirmation", "Input.Email", "forged@example.com")]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_with_400(string path, string handler, string field, string value)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = handler,
            [field] = value,
            ["Input.Password"] = "Correct-Horse-9",
            ["Input.PlanCode"] = "FREE",
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
