using System.Net;
using System.Net.Sockets;

namespace PowerJob.Akka.Tests.Support;

internal static class Ports
{
    /// <summary>A port nothing listens on right now, for asserting that an inactive protocol's port stays closed.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(3));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
