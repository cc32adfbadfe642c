using System.ComponentModel.DataAnnotations;
using DemoSaaS.Web.Features.Billing.Cards;

namespace DemoSaaS.Web.Features.Signup;

/// <summary>What the signup page posts. Card number and CVV are passed to Cheddar and never stored or logged.</summary>
public sealed class SignupForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address is too long.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(100, MinimumLength = 8, ErrorMessage = "The password must be 8 to 100 characters long.")]
    public string Password { get; set; } = "";

    // The name is also the name on the card, so it has the card rules' limit and message (CardInputValidator).
    [Required(ErrorMessage = "Enter your first name.")]
    [StringLength(CardInputValidator.MaxNameLength, ErrorMessage = CardInputValidator.NameTooLongMessage)]
    public string FirstName { get; set; } = "";

    [Required(ErrorMessage = "Enter your last name.")]
    [StringLength(CardInputValidator.MaxNameLength, ErrorMessage = CardInputValidator.NameTooLongMessage)]
    public string LastName { get; set; } = "";

    [Required(ErrorMessage = "Choose a plan.")]
    [StringLength(36)]
    public string PlanCode { get; set; } = "FREE";

    [StringLength(30, ErrorMessage = CardInputValidator.NumberMessage)]
    public string? CardNumber { get; set; }

    /// <summary>MM/YY or MM/YYYY (see <see cref="CardInputValidator"/>).</summary>
    [StringLength(10, ErrorMessage = CardInputValidator.ExpiryFormatMessage)]
    public string? CardExpiry { get; set; }

    [StringLength(4, ErrorMessage = CardInputValidator.CvvMessage)]
    public string? CardCvv { get; set; }

    [StringLength(CardInputValidator.MaxZipLength, ErrorMessage = CardInputValidator.ZipTooLongMessage)]
    public string? CardZip { get; set; }

    [StringLength(36, ErrorMessage = "At most 36 characters.")]
    public string? CouponCode { get; set; }

    /// <summary>Clears what must never be sent back to the browser or kept: the password, card number and CVV.</summary>
    public void ForgetSecrets()
    {
        Password = "";
        CardNumber = null;
        CardCvv = null;
    }
}
