using System.Net;
using System.Net.Sockets;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Real client addresses other than 127.0.0.1, so a test can be "someone else" over real TCP without leaving
/// loopback: another loopback address (Linux routes all of 127.0.0.0/8 to lo). For a caller from another
/// machine, see <see cref="DemoSaaS.Tests.Shared.RemotePeer"/>.
/// </summary>
public static class LocalNetwork
{
    /// <summary>A handler (cookies kept, no redirects followed) whose connections leave from <paramref name="localAddress"/>.</summary>
    public static SocketsHttpHandler HandlerFrom(IPAddress localAddress) => new()
    {
        AllowAutoRedirect = false,
        CookieContainer = new CookieContainer(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
