namespace DemoSaaS.Web.Features.Billing.Metering;

/// <summary>What happened to a tracked item's counter at Cheddar between two customer documents.</summary>
public enum UsagePeriodChange
{
    /// <summary>The same counter: no period close, and any plan change carried the usage over.</summary>
    Continues,

    /// <summary>The counter started again from 0: a period closed (renewal, a plan change billed at once) or a canceled customer re-subscribed.</summary>
    Restarted,

    /// <summary>The subscription we last saw is gone from the document: nothing can be said.</summary>
    Unknown,
}
