using DemoSaaS.Web.Data;
using DemoSaaS.Web.Features.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The operator pages (/admin/...), for users in the Admin role. Needs Identity with roles (AddIdentity).</summary>
public static class OperationsServiceCollectionExtensions
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperationsOptions>()
            .Bind(builder.Configuration.GetSection(OperationsOptions.SectionName))
            .Validate(o => o.AdminEmails.All(e => !string.IsNullOrWhiteSpace(e) && e.Contains('@', StringComparison.Ordinal)),
                "Operations:AdminEmails must hold email addresses.")
            .ValidateOnStart();
        builder.Services.Replace(ServiceDescriptor.Scoped<IUserClaimsPrincipalFactory<ApplicationUser>, AdminRoleClaimsPrincipalFactory>());
        return builder;
    }
}
