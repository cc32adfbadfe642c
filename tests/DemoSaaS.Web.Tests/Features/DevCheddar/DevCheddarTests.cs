using System.Net;
using DemoSaaS.Web.Tests.Security;

namespace DemoSaaS.Web.Tests.Features.DevCheddar;

/// <summary>A developer sees each Cheddar call as one console line and on /dev/cheddar, with card fields masked.</summary>
public sealed class DevCheddarTests
{
    [Fact]
    public async Task A_paid_signup_is_one_information_line_per_call_and_a_masked_entry_with_its_xml_answer_on_dev_cheddar()
    {
        await using var app = await new SecurityAppFactory(new Dictionary<string, string?> { ["Signup:PermitsPerMinute"] = "1000" }).StartAsync();
        var email = $"dev-cheddar-{Guid.NewGuid():N}@example.com";
        using var browser = new AnonymousBrowser(app.ClientOptions.BaseAddress);
        var signup = await browser.SubmitAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.PlanCode"] = "PRO",
            ["Input.FirstName"] = "Dev",
            ["Input.LastName"] = "Eloper",
            ["Input.Email"] = email,
            ["Input.Password"] = "Correct-Horse-9",
            ["Input.CardNumber"] = "4111111111111111",
            ["Input.CardExpiry"] = $"11/{DateTime.UtcNow.Year + 2}",
            ["Input.CardCvv"] = "737",
            ["Input.CardZip"] = "12345",
        });
        Assert.Equal(HttpStatusCode.Redirect, signup.Status);

        var line = Assert.Single(app.LogLines, l => l.StartsWith("Information DemoSaaS.Cheddar.Diagnostics.CheddarCallLoggingHandler Cheddar POST /xml/customers/new/productCode/DEMOSAAS -> 200 in ", StringComparison.Ordinal));
        Assert.Matches(@"-> 200 in \d+ ms ", line);

        var page = await browser.GetAsync("/dev/cheddar");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var text = System.Text.RegularExpressions.Regex.Replace(AnonymousBrowser.Text(page.Html), @"\s+", " ");
        Assert.Contains("/xml/customers/new/productCode/DEMOSAAS", text);
        Assert.Contains($"email = {email}", text);
        Assert.Contains("subscription[ccNumber] = (masked)", text);
        Assert.Contains("subscription[ccCardCode] = (masked)", text);
        Assert.DoesNotContain("4111111111111111", text);
        Assert.DoesNotContain("737", text);
        // The XML answer is there to open, with what Cheddar keeps of the card: its last four.
        Assert.Contains("&lt;ccLastFour&gt;1111&lt;/ccLastFour&gt;", page.Html);
    }
}
