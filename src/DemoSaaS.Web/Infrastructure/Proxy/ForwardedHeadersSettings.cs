using System.ComponentModel.DataAnnotations;
using System.Net;

namespace DemoSaaS.Web.Infrastructure.Proxy;

/// <summary>
/// The reverse proxies (a load balancer such as HAProxy) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the
/// app believes; bound from the "ForwardedHeaders" section. None by default: a header anyone can send must not choose
/// the address that rate limits and the login throttle count.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>127.0.0.1</c> for a balancer on this machine.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>True when at least one proxy or network is configured, so the forwarded headers are read at all.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i]?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"{SectionName}:KnownProxies:{i} is '{KnownProxies[i]}', not an IP address (e.g. 127.0.0.1).", [nameof(KnownProxies)]);
            }
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i]?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"{SectionName}:KnownNetworks:{i} is '{KnownNetworks[i]}', not a network in CIDR notation (e.g. 10.0.0.0/24).", [nameof(KnownNetworks)]);
            }
        }
    }
}
