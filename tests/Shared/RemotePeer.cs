using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DemoSaaS.Tests.Shared;

/// <summary>
/// A caller from another machine over real TCP, without a packet leaving loopback: the server also listens on
/// 127.0.0.2 (Linux routes all of 127.0.0.0/8 to lo), and a Kestrel connection filter reports every connection
/// arriving there as coming from <see cref="Address"/> — what a proxy-protocol front end does with the original
/// client's address. The request pipeline sees that peer in <c>HttpContext.Connection.RemoteIpAddress</c>.
/// </summary>
public static class RemotePeer
{
    /// <summary>127.0.0.1 for callers on this machine, 127.0.0.2 for the remote peer, each on a free port.</summary>
    public const string ListenUrls = "http://127.0.0.1:0;http://127.0.0.2:0";

    /// <summary>The loopback address whose connections are reported as coming from <see cref="Address"/>.</summary>
    public static IPAddress ListenAddress { get; } = IPAddress.Parse("127.0.0.2");

    /// <summary>A TEST-NET-3 address (RFC 5737): not this machine, never routed, never contacted.</summary>
    public static IPAddress Address { get; } = IPAddress.Parse("203.0.113.7");

    /// <summary>On every endpoint, connections to <see cref="ListenAddress"/> get <see cref="Address"/> as their peer.</summary>
    public static void ReportConnectionsOnListenAddressAsRemote(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            if (connection.LocalEndPoint is IPEndPoint local && local.Address.Equals(ListenAddress)
                && connection.RemoteEndPoint is IPEndPoint peer)
            {
                connection.RemoteEndPoint = new IPEndPoint(Address, peer.Port);
            }
            return next(connection);
        }));

    /// <summary>The root URL of <paramref name="server"/>'s listener on <paramref name="address"/>.</summary>
    public static Uri ListenerOf(IServer server, IPAddress address) =>
        new(server.Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(listener => new Uri(listener))
            .Single(listener => listener.Host == address.ToString()), "/");
}
