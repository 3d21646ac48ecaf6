using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Server.WebConsole.Pages;

/// <summary>The cluster as <c>/system/cluster</c> reports it and the port plan of the server serving this page.</summary>
public sealed class ClusterModel(ConsoleData data) : ConsolePage(data)
{
    public ClusterSnapshot Cluster { get; private set; } = null!;
    public IReadOnlyList<BoundEndpoint> Ports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Cluster = await Data.ClusterAsync(ct);
        Ports = Data.Ports.Endpoints;
    }
}
