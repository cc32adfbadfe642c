namespace DemoSaaS.Cheddar.Requests;

/// <summary>Which invoice an item quantity or charge applies to (<c>invoicePeriod</c>).</summary>
public enum InvoicePeriod
{
    /// <summary>The open invoice scheduled for the future (Cheddar's default).</summary>
    Current,

    /// <summary>An unpaid invoice whose bill date has passed (e.g. in dunning).</summary>
    Outstanding,
}
