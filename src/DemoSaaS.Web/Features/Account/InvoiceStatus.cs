namespace DemoSaaS.Web.Features.Account;

public enum InvoiceStatus
{
    /// <summary>The open invoice of the current period, billed on its date.</summary>
    Upcoming,
    Paid,

    /// <summary>Billed, charged, and the charge was declined.</summary>
    Declined,

    /// <summary>Billed and not (yet) paid.</summary>
    Unpaid,
}
