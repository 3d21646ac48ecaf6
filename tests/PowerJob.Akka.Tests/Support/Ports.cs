using System.Net;
using System.Net.Sockets;

namespace PowerJob.Akka.Tests.Support;

internal static class Ports
{
    /// <summary>
    /// A port nothing listens on right now, for asserting that an inactive protocol's port stays closed. It is taken
    /// below Linux's ephemeral range (32768+), so nodes binding port 0 in parallel tests cannot grab it meanwhile.
    /// </summary>
    public static int Free()
    {
        for (var i = 0; i < 100; i++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port found between 20000 and 32000");
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
