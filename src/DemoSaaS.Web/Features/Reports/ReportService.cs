using System.Text.Json;
using System.Text.Json.Serialization;
using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Billing;
using Microsoft.EntityFrameworkCore;

namespace DemoSaaS.Web.Features.Reports;

/// <summary>
/// Makes, lists and exports a user's reports. Every report and export is gated by <see cref="IFeatureAccess"/>
/// and metered by <see cref="IUsageMeter"/> in the same SaveChanges as what the user made, the customer's
/// <see cref="IQuotaLock"/> held from the check to that commit.
/// </summary>
public sealed class ReportService(
    IDbContextFactory<ApplicationDbContext> databases,
    IFeatureAccess access,
    IQuotaLock quotaLock,
    IUsageMeter meter,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public Task<AccessDecision> CheckAsync(string userId, MeteredFeature feature, CancellationToken cancellationToken = default) =>
        access.CheckAsync(userId, feature, cancellationToken);

    /// <summary>
    /// Checks access, then reads the input, then saves the report with its use. The check and the commit happen under
    /// the customer's <see cref="IQuotaLock"/>, so two tabs at the last report of a quota cannot both get it; a denied
    /// user's input is never parsed.
    /// </summary>
    public async Task<ReportGenerationOutcome> GenerateAsync(string userId, ReportRequest request, CancellationToken cancellationToken = default)
    {
        await using var held = await quotaLock.AcquireAsync(userId, cancellationToken);
        var decision = await access.CheckForUseAsync(userId, MeteredFeature.Reports, cancellationToken);
        if (!decision.Allowed)
        {
            return new ReportGenerationOutcome { Decision = decision };
        }

        ReportResult result;
        string title;
        try
        {
            title = TitleFor(request);
            result = ReportAnalyzer.Analyze(request.Kind, request.Data);
        }
        catch (ReportInputException error)
        {
            return new ReportGenerationOutcome { InputError = error.Message, Decision = decision };
        }

        var report = new Report
        {
            UserId = userId,
            Title = title,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            SourceKind = request.Kind == ReportSourceKind.Csv ? "csv" : "text",
            SourceText = request.Data.TrimStart('\uFEFF'),
            RowCount = result.RowCount,
            ColumnCount = result.ColumnCount,
            ResultJson = JsonSerializer.Serialize(result, Json),
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.Reports.Add(report);
        meter.Record(db, userId, MeteredFeature.Reports);
        await db.SaveChangesAsync(cancellationToken);
        return new ReportGenerationOutcome { Report = report, Result = result, Decision = decision };
    }

    /// <summary>The user's reports, newest first (without their source data).</summary>
    public async Task<IReadOnlyList<ReportSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var reports = await db.Reports
            .Where(r => r.UserId == userId)
            .OrderByDescending(r => r.CreatedAtUtc)
            .Select(r => new ReportSummary
            {
                Id = r.Id,
                Title = r.Title,
                CreatedAtUtc = r.CreatedAtUtc,
                SourceKind = r.SourceKind,
                RowCount = r.RowCount,
                ColumnCount = r.ColumnCount,
            })
            .ToListAsync(cancellationToken);
        return reports;
    }

    /// <summary>One of the user's reports; null when it does not exist or belongs to someone else.</summary>
    public async Task<(Report Report, ReportResult Result)?> GetAsync(string userId, Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId && r.UserId == userId, cancellationToken);
        return report is null ? null : (report, Deserialize(report));
    }

    /// <summary>
    /// The report as CSV, with its use recorded. Access is checked before the stored report is read, and the check and
    /// the commit happen under the customer's <see cref="IQuotaLock"/> (see <see cref="GenerateAsync"/>).
    /// </summary>
    public async Task<ReportExportOutcome> ExportAsync(string userId, Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var held = await quotaLock.AcquireAsync(userId, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Only whether it exists: a report that is not the user's is "not found" whatever their plan.
        if (!await db.Reports.AnyAsync(r => r.Id == reportId && r.UserId == userId, cancellationToken))
        {
            return new ReportExportOutcome { NotFound = true };
        }
        var decision = await access.CheckForUseAsync(userId, MeteredFeature.Exports, cancellationToken);
        if (!decision.Allowed)
        {
            return new ReportExportOutcome { Decision = decision };
        }
        var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == reportId && r.UserId == userId, cancellationToken);
        var csv = ReportCsvExporter.Export(report, Deserialize(report));
        meter.Record(db, userId, MeteredFeature.Exports);
        // The file leaves with the response, so its use is synced first (docs/decisions/0005-sqlite-durability.md);
        // a report's use needs no sync: an OS crash that loses it loses the report with it.
        await using (await DurableCommits.BeginAsync(db, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ReportExportOutcome { Csv = csv, FileName = FileNameFor(report), Decision = decision };
    }

    private static ReportResult Deserialize(Report report) =>
        JsonSerializer.Deserialize<ReportResult>(report.ResultJson, Json)
        ?? throw new InvalidOperationException($"Report {report.Id} has no result.");

    private static string TitleFor(ReportRequest request)
    {
        var title = string.IsNullOrWhiteSpace(request.Title)
            ? request.FileName is { Length: > 0 } file ? Path.GetFileNameWithoutExtension(file) : request.Kind == ReportSourceKind.Csv ? "CSV report" : "Text report"
            : request.Title.Trim();
        if (title.Length > ReportLimits.MaxTitleLength)
        {
            throw new ReportInputException($"The title has {title.Length} characters; the limit is {ReportLimits.MaxTitleLength}.");
        }
        if (title.Any(char.IsControl))
        {
            throw new ReportInputException("The title cannot contain control characters such as line breaks or tabs.");
        }
        return title;
    }

    private static string FileNameFor(Report report)
    {
        var safe = new string([.. report.Title.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return $"{(safe.Length == 0 ? "report" : safe[..Math.Min(safe.Length, 60)])}-{report.CreatedAtUtc:yyyyMMdd-HHmmss}.csv";
    }
}
