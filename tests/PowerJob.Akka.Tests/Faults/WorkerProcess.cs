namespace PowerJob.Akka.Tests.Faults;

/// <summary>A worker node as a child process (<c>PowerJob.Akka.Worker.Host.dll</c>, the sample processors).</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private WorkerProcess(NodeProcess node, string address)
    {
        Node = node;
        Address = address;
    }

    public NodeProcess Node { get; }
    /// <summary>The address the worker heartbeats with, <c>127.0.0.1:port</c>; the task tracker address of what it runs.</summary>
    public string Address { get; }

    /// <summary>Starts a worker of <paramref name="appName"/> and waits until it is connected to a server.</summary>
    public static Task<WorkerProcess> StartAsync(string name, string appName, ServerProcess server, string protocol, params string[] settings) =>
        StartAsync(name, appName, server.WebAddress, protocol, settings);

    /// <summary>Starts a worker of <paramref name="appName"/> for the server at <paramref name="serverWebAddress"/>.</summary>
    public static async Task<WorkerProcess> StartAsync(string name, string appName, string serverWebAddress, string protocol, params string[] settings)
    {
        var node = NodeProcess.Start(name, "PowerJob.Akka.Worker.Host.dll", [
            "--config", RepoFiles.Hocon("worker.conf"), $"--powerjob.worker.app-name={appName}", "--powerjob.worker.app-password=secret",
            $"--powerjob.worker.server-address={serverWebAddress}", $"--powerjob.worker.protocol={protocol}", "--powerjob.worker.port=0",
            "--powerjob.worker.bind-hostname=127.0.0.1", "--powerjob.worker.hostname=127.0.0.1", "--powerjob.worker.health-report-interval=500ms",
            .. settings,
        ]);
        try
        {
            var connected = await node.WaitForLineAsync(@"worker (\S+) of app \S+ connected to server", StartTimeout);
            return new WorkerProcess(node, connected.Groups[1].Value);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public Task KillAsync() => Node.KillAsync();

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
