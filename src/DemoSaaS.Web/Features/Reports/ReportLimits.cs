namespace DemoSaaS.Web.Features.Reports;

/// <summary>Bounds on what a user may submit, so one report cannot exhaust the server.</summary>
public static class ReportLimits
{
    /// <summary>Largest uploaded CSV file.</summary>
    public const long MaxUploadBytes = 1024 * 1024;

    /// <summary>Longest pasted text (it travels over the Blazor circuit, whose message size is raised to fit).</summary>
    public const int MaxPastedCharacters = 100_000;

    public const int MaxRows = 20_000;

    public const int MaxColumns = 100;

    public const int MaxTitleLength = 200;

    /// <summary>Words shown in the frequency table and chart.</summary>
    public const int TopWordCount = 20;
}
