namespace DemoSaaS.Web.Features.Reports;

/// <summary>The user's data cannot become a report; the message says why, in words the user can act on.</summary>
public sealed class ReportInputException(string message) : Exception(message);
