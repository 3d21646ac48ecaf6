using PowerJob.Akka.Configuration;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// A server in the test process whose store goes through a <see cref="FaultyStore"/>, for the scenarios that fail one
/// particular write; its workers still run as processes.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly IPowerJobStore _inner;

    private InProcessServer(ServerNode node, IPowerJobStore inner, FaultyStore faults)
    {
        Node = node;
        _inner = inner;
        Faults = faults;
    }

    public ServerNode Node { get; }
    public FaultyStore Faults { get; }
    public string WebAddress => Node.WebAddress;
    public string BaseUrl => $"http://{Node.WebAddress}";

    public static Task<InProcessServer> StartAsync(string sqliteConnectionString, params string[] settings) =>
        StartAsync(sqliteConnectionString, _ => { }, settings);

    /// <param name="arm">Arms failures before the server starts (its first reads).</param>
    public static async Task<InProcessServer> StartAsync(string sqliteConnectionString, Action<FaultyStore> arm, params string[] settings)
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon("", [
            "--oms.akka.port=0", "--oms.http.port=0", "--server.port=0", "--oms.cluster.port=0", "--oms.bind-hostname=127.0.0.1",
            "--oms.instance.report-timeout=15s", "--oms.instance.receive-timeout=5s", "--oms.instance.retry-delay=200ms",
            "--oms.worker.timeout=5s", "--oms.instance.worker-grace=5s", $"--oms.storage.connection-string={sqliteConnectionString}",
            .. settings]));
        var inner = StoreFactory.Create(options.StorageProvider, options.ConnectionString);
        var (store, faults) = FaultyStore.Wrap(inner);
        arm(faults);
        var node = await ServerNode.StartAsync(options, services => services.AddSingleton(store));
        return new InProcessServer(node, inner, faults);
    }

    /// <summary>A call that writes <paramref name="status"/> for <paramref name="instanceId"/> (whatever the store method is called).</summary>
    public static bool Writes(object?[] args, long instanceId, params InstanceStatus[] status) =>
        args.OfType<InstanceRecord>().Any(r => r.InstanceId == instanceId && status.Contains(r.Status));

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        if (_inner is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }
}
