using System.Security.Claims;
using DemoSaaS.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Web.Features.Operations;

/// <summary>
/// Builds the sign-in principal with the user's roles, after giving the <see cref="OperationsOptions.AdminRole"/> role
/// to a confirmed user whose email is configured in <see cref="OperationsOptions.AdminEmails"/>: the first admin needs
/// no database edit. An unconfirmed account with that email gets nothing (anyone can register any address).
/// </summary>
internal sealed class AdminRoleClaimsPrincipalFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> identityOptions,
    IOptions<OperationsOptions> operations) : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, identityOptions)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        if (user.EmailConfirmed && user.Email is { } email
            && operations.Value.AdminEmails.Any(a => string.Equals(a.Trim(), email, StringComparison.OrdinalIgnoreCase))
            && !await UserManager.IsInRoleAsync(user, OperationsOptions.AdminRole))
        {
            if (!await RoleManager.RoleExistsAsync(OperationsOptions.AdminRole))
            {
                await RoleManager.CreateAsync(new IdentityRole(OperationsOptions.AdminRole));
            }
            await UserManager.AddToRoleAsync(user, OperationsOptions.AdminRole);
        }
        return await base.GenerateClaimsAsync(user);
    }
}
