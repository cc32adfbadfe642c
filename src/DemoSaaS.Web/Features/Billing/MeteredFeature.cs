namespace DemoSaaS.Web.Features.Billing;

/// <summary>The product's metered features; each maps to a Cheddar tracked item.</summary>
public enum MeteredFeature
{
    /// <summary>Generating a report: tracked item REPORTS.</summary>
    Reports,

    /// <summary>Exporting a report as CSV: tracked item EXPORTS (PRO and TEAM only).</summary>
    Exports,
}
