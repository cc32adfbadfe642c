using System.Net;
using System.Text.RegularExpressions;

namespace DemoSaaS.Web.Tests.Infrastructure;

/// <summary>Drives /signup like a browser without script: GET the form (antiforgery token and cookie), POST it back.</summary>
public static partial class SignupPage
{
    public sealed record Result(HttpStatusCode Status, string? Location, string Html)
    {
        /// <summary>The error messages the page shows, for assertion messages.</summary>
        public string Errors => string.Join(" | ", ErrorText().Matches(Html).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value)));

        /// <summary>The user landed on the registration confirmation ("check your email"), by redirect or rendered in place.</summary>
        public bool SignedUp =>
            (Status == HttpStatusCode.Redirect && Location?.Contains("Account/RegisterConfirmation", StringComparison.Ordinal) == true)
            || (Status == HttpStatusCode.OK && Html.Contains("<title>Check your email · Awesome Reports</title>", StringComparison.Ordinal));

        /// <summary>The form was shown again (with its errors).</summary>
        public bool Refused => Status == HttpStatusCode.OK && Html.Contains("id=\"signup-submit\"", StringComparison.Ordinal);

        public void AssertSignedUp() => Assert.True(SignedUp, $"Expected the signup to succeed, got {(int)Status}: {Errors}");
    }

    public static async Task<Result> SubmitAsync(BillingAppFactory app, IReadOnlyDictionary<string, string> fields)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var form = await client.GetStringAsync("/signup", TestContext.Current.CancellationToken);
        var values = HiddenInput().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
        {
            values[$"Input.{name}"] = value;
        }
        using var response = await client.PostAsync("/signup", new FormUrlEncodedContent(values), TestContext.Current.CancellationToken);
        return new Result(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static Dictionary<string, string> Fields(string email, string plan, string? zip = "12345", string? coupon = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = "Correct-Horse-9",
            ["FirstName"] = "Ada",
            ["LastName"] = "Lovelace",
            ["PlanCode"] = plan,
        };
        if (plan != "FREE")
        {
            fields["CardNumber"] = CheddarTestData.TestCard;
            fields["CardExpiry"] = $"12/{DateTime.UtcNow.Year + 3}";
            fields["CardCvv"] = "123";
            fields["CardZip"] = zip ?? "";
        }
        if (coupon is not null)
        {
            fields["CouponCode"] = coupon;
        }
        return fields;
    }

    /// <summary>The text between a field's input and the next field's label: where its error message is shown.</summary>
    public static string FieldArea(string html, string inputId)
    {
        var start = html.IndexOf($"id=\"{inputId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The page has no input #{inputId}.");
        var end = html.IndexOf("<label", start, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(end < 0 ? html[start..] : html[start..end]);
    }

    [GeneratedRegex("class=\"(?:form-error|field-error)[^\"]*\"[^>]*>(?<text>[^<]*)<")]
    private static partial Regex ErrorText();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
