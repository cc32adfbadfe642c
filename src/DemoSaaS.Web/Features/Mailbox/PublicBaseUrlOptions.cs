namespace DemoSaaS.Web.Features.Mailbox;

/// <summary>
/// Where the app is reached from the internet (<c>App:PublicBaseUrl</c>, e.g. https://reports.example.com/): the
/// base of every link in a mail. Required outside Development; validated at start.
/// </summary>
public sealed class PublicBaseUrlOptions
{
    public const string SectionName = "App";
    public const string Key = "App:PublicBaseUrl";

    public Uri? PublicBaseUrl { get; set; }

    internal static bool IsValid(PublicBaseUrlOptions options, IHostEnvironment environment) =>
        options.PublicBaseUrl is { } url
            ? url.IsAbsoluteUri && url.Scheme is "https" or "http" && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment)
            : environment.IsDevelopment();

    internal const string Requirement =
        "App:PublicBaseUrl must be the absolute http(s) URL users reach the app at (e.g. https://reports.example.com/); "
        + "it is required outside Development, because links in mails are never built from a request's Host header.";
}
