using System.Security.Claims;
using DemoSaaS.Web.Features.Reports;
using Microsoft.AspNetCore.Antiforgery;

namespace DemoSaaS.Web.Features.Export;

/// <summary>POST /reports/{id}/export: the CSV download, for the signed-in owner on a plan that includes exports.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapReportExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/reports/{id:guid}/export", ExportAsync)
            .RequireAuthorization()
            .DisableAntiforgery(); // validated explicitly below so a missing token is a clear 400, not a bare failure
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(
        Guid id,
        HttpContext context,
        ClaimsPrincipal user,
        ReportService reports,
        IAntiforgery antiforgery,
        CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem("The form expired or did not come from this site. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var outcome = await reports.ExportAsync(userId, id, cancellationToken);
        if (outcome.NotFound)
        {
            return Results.Problem("This report does not exist or is not yours.", statusCode: StatusCodes.Status404NotFound);
        }
        if (!outcome.Succeeded)
        {
            // The Export page shows the same decision with its upgrade prompt.
            return Results.LocalRedirect($"~/export?denied={outcome.Decision?.DenialReason}");
        }
        return Results.File(outcome.Csv!, "text/csv; charset=utf-8", outcome.FileName);
    }
}
