using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace DemoSaaS.Web.Features.Identity;

/// <summary>The token in an emailed confirmation or reset link, which anyone can edit before following it.</summary>
public static class IdentityLinkCode
{
    /// <summary>The decoded token, or null when the link's code is not valid base64url (a tampered or truncated link).</summary>
    public static string? Decode(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
