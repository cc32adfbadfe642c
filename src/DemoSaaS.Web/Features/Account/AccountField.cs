namespace DemoSaaS.Web.Features.Account;

/// <summary>The form field an error belongs to, so it is shown next to it; None = a general message.</summary>
public enum AccountField
{
    None,
    Plan,
    CardName,
    CardNumber,
    CardExpiry,
    CardCvv,
    CardZip,
    BillDate,
    Coupon,
}
