namespace DemoSaaS.Web.Infrastructure.Security;

/// <summary>
/// The forms that take a password, a reset token or a one-time code: guessing them is the attack a rate limit stops.
/// Matched by path so that every POST to them counts, whatever page component renders them.
/// </summary>
public static class CredentialForms
{
    public static readonly IReadOnlyList<PathString> Paths =
    [
        "/Account/Login",
        "/Account/LoginWith2fa",
        "/Account/LoginWithRecoveryCode",
        "/Account/ForgotPassword",
        "/Account/ResetPassword",
        "/Account/ResendEmailConfirmation",
    ];

    public static bool IsSubmission(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && Paths.Any(path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase));
}
