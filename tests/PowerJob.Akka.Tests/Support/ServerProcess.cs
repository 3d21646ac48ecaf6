using System.Diagnostics;
using System.Text;

namespace PowerJob.Akka.Tests.Support;

/// <summary>
/// A server in a process of its own — the built PowerJob.Akka.Server.dll next to the tests, run by the dotnet host —
/// so a test can kill it with SIGKILL: no graceful leave, no hand-over, its sockets just die.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int webPort, int clusterPort)
    {
        _process = process;
        WebPort = webPort;
        ClusterPort = clusterPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int WebPort { get; }
    public int ClusterPort { get; }
    public string WebAddress => $"127.0.0.1:{WebPort}";

    /// <summary>Starts an HTTP-only server on free loopback ports with <paramref name="settings"/> (key=value) and waits until its web port answers.</summary>
    public static async Task<ServerProcess> StartAsync(HttpClient http, IEnumerable<string> settings, TimeSpan timeout)
    {
        var (web, cluster, transport) = (Ports.Free(), Ports.Free(), Ports.Free());
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PowerJob.Akka.Server.dll"));
        foreach (var setting in new[]
                 {
                     $"server.port={web}", $"oms.cluster.port={cluster}", $"oms.http.port={transport}", "oms.transporter.active.protocols=http",
                     "oms.transporter.main.protocol=http", "oms.bind-hostname=127.0.0.1", "oms.hostname=127.0.0.1",
                 }.Concat(settings))
            start.ArgumentList.Add("--" + setting);
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start a server process"), web, cluster);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (server._process.HasExited) throw new InvalidOperationException($"the server process exited: {server.Output}");
            try
            {
                using var response = await http.GetAsync($"http://{server.WebAddress}/server/hello", cts.Token);
                if (response.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
            }
            catch (OperationCanceledException)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"the server process did not answer within {timeout.TotalSeconds} s: {server.Output}");
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>SIGKILL: the process ends at once, without leaving the cluster.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
    }
}
