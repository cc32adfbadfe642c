namespace DemoSaaS.Web.Features.Billing.Cards;

/// <summary>The input a Cheddar refusal is about, as far as Cheddar tells; each page maps it to its own form field.</summary>
public enum CheddarErrorField
{
    CardNumber,
    CardExpiry,
    CardCvv,
    CardZip,
    CardFirstName,
    CardLastName,
    FirstName,
    LastName,
    Email,
    Coupon,
    Plan,
    BillDate,
}
