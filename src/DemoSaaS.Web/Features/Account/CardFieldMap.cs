using DemoSaaS.Web.Features.Billing.Cards;

namespace DemoSaaS.Web.Features.Account;

/// <summary>Where the shared card rules' and Cheddar error mapper's fields are shown on the account page.</summary>
internal static class CardFieldMap
{
    public static AccountField From(CardInputField field) => field switch
    {
        CardInputField.Name => AccountField.CardName,
        CardInputField.Number => AccountField.CardNumber,
        CardInputField.Expiry => AccountField.CardExpiry,
        CardInputField.Cvv => AccountField.CardCvv,
        _ => AccountField.CardZip,
    };

    public static AccountField? From(CheddarErrorField? field) => field switch
    {
        CheddarErrorField.CardNumber => AccountField.CardNumber,
        CheddarErrorField.CardExpiry => AccountField.CardExpiry,
        CheddarErrorField.CardCvv => AccountField.CardCvv,
        CheddarErrorField.CardZip => AccountField.CardZip,
        CheddarErrorField.CardFirstName or CheddarErrorField.CardLastName => AccountField.CardName,
        CheddarErrorField.Coupon => AccountField.Coupon,
        CheddarErrorField.BillDate => AccountField.BillDate,
        CheddarErrorField.Plan => AccountField.Plan,
        _ => null,
    };
}
