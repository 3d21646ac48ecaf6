using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Transport;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// The server of part 4 runs in a process of its own (this program with <c>--serve</c>), so its CPU and memory are
/// its own and not the load generator's. It prints <c>READY web http</c>, then a <c>STATS</c> line every 250 ms,
/// and stops when its standard input closes.
/// </summary>
public static class ScaleServerProcess
{
    public const string Argument = "--serve";

    public sealed record Stats(double CpuMs, double WallMs, long WorkingSetBytes, long GcHeapBytes, int Threads);

    public static async Task<int> ServeAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pj-bench-scale-{Guid.NewGuid():N}.db");
        var options = new ServerOptions
        {
            AkkaPort = 0, HttpPort = 0, WebPort = 0, ClusterPort = 0, BindHostname = "127.0.0.1", ConnectionString = $"Data Source={file}",
        };
        var server = await ServerNode.StartAsync(options, services => services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning));
        try
        {
            var http = server.Services.GetRequiredService<TransportReadiness>().Endpoints.First(e => e.Purpose == BoundEndpoint.HttpTransport);
            Console.WriteLine($"READY {server.WebAddress} {http.AdvertisedAddress}");
            var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
            var clock = Stopwatch.StartNew();
            using var process = Process.GetCurrentProcess();
            while (!stdinClosed.IsCompleted)
            {
                process.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"STATS {process.TotalProcessorTime.TotalMilliseconds} {clock.Elapsed.TotalMilliseconds} {process.WorkingSet64} {GC.GetGCMemoryInfo().HeapSizeBytes} {process.Threads.Count}"));
                await Task.WhenAny(stdinClosed, Task.Delay(250));
            }
        }
        finally
        {
            await server.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
        return 0;
    }

    public static Stats? Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts is not ["STATS", var cpu, var wall, var ws, var heap, var threads]) return null;
        return new Stats(double.Parse(cpu, CultureInfo.InvariantCulture), double.Parse(wall, CultureInfo.InvariantCulture),
            long.Parse(ws, CultureInfo.InvariantCulture), long.Parse(heap, CultureInfo.InvariantCulture), int.Parse(threads, CultureInfo.InvariantCulture));
    }

    /// <summary>Starts this program again as a server process.</summary>
    public static Process Start()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        // Under `dotnet x.dll` the process is the dotnet host; under the apphost it is this program itself.
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(ScaleServerProcess).Assembly.Location);
        start.ArgumentList.Add(Argument);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
    }
}
