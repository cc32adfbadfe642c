using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DemoSaaS.Web.Tests.Security;

/// <summary>
/// Real client addresses other than 127.0.0.1, so a test can be "someone else" over real TCP: another loopback
/// address (Linux routes all of 127.0.0.0/8 to lo), or this machine's own address on a network interface.
/// </summary>
public static class LocalNetwork
{
    /// <summary>This machine's first IPv4 address on an interface that is up and not loopback, if it has one.</summary>
    public static IPAddress? NonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));

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
