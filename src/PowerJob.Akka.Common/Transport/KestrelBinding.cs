using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PowerJob.Akka.Transport;

public static class KestrelBinding
{
    public static void Listen(KestrelServerOptions kestrel, string bindHost, int port)
    {
        if (IPAddress.TryParse(bindHost, out var ip)) kestrel.Listen(ip, port);
        else if (bindHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)) kestrel.ListenLocalhost(port);
        else kestrel.ListenAnyIP(port);
    }

    /// <summary>The port Kestrel actually bound (the configured one, or the one it picked for 0).</summary>
    public static int BoundPort(IServer server) =>
        new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "localhost")).Port;
}
