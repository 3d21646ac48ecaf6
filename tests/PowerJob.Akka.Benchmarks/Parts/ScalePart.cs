using System.Diagnostics;
using System.Net.Http.Json;
using PowerJob.Akka.Auth;
using PowerJob.Akka.Benchmarks.Reporting;
using PowerJob.Akka.Benchmarks.Support;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Benchmarks.Parts;

/// <summary>
/// Part 4: many lightweight workers (a loop of HTTP heartbeats each, in PowerJob's JSON shape, with distinct worker
/// addresses) heartbeating to one server in its own process; the server's CPU and memory meanwhile, and how many
/// workers it lists.
/// </summary>
public static class ScalePart
{
    public sealed record Figures(int Workers, double IntervalSeconds, double Seconds, double HeartbeatsPerSecond, Distribution HeartbeatMs,
        long Errors, double IdleCpuPercentOfOneCore, double CpuPercentOfOneCore, double IdleWorkingSetMiB, double WorkingSetMiB,
        double MaxWorkingSetMiB, double GcHeapMiB, int Threads, int WorkersListed, int WorkersAlive);

    public static async Task RunAsync(BenchSettings s, BenchReport report)
    {
        Console.WriteLine($"scale: {s.ScaleWorkers:N0} lightweight workers heartbeating every {s.ScaleInterval.TotalSeconds:0.#} s ...");
        using var process = ScaleServerProcess.Start();
        var stats = new List<ScaleServerProcess.Stats>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("READY ", StringComparison.Ordinal)) ready.TrySetResult(line);
                else if (ScaleServerProcess.Parse(line) is { } stat) lock (stats) stats.Add(stat);
            }
            ready.TrySetException(new InvalidOperationException($"the server process exited ({(process.HasExited ? process.ExitCode : -1)}) before it was ready"));
        });
        try
        {
            var words = (await ready.Task.WaitAsync(TimeSpan.FromSeconds(60))).Split(' ');
            var (web, transport) = (words[1], words[2]);
            using var http = PowerJobCluster.NewHttpClient();
            var api = new OpenApi(http, web);
            var appId = await api.RegisterAppAsync(PowerJobCluster.AppName);
            var key = await api.WorkerKeyAsync(appId);

            await Task.Delay(TimeSpan.FromSeconds(s.Quick ? 0.5 : 3));
            var idle = await WindowAsync(stats, TimeSpan.FromSeconds(s.Quick ? 1 : 3));
            using var stop = new CancellationTokenSource();
            var latencies = new List<double>[s.ScaleWorkers];
            long errors = 0;
            var uri = new Uri($"http://{transport}/server/workerHeartbeat");
            var loops = Enumerable.Range(0, s.ScaleWorkers).Select(i => Task.Run(async () =>
            {
                var mine = latencies[i] = [];
                await Task.Delay(s.ScaleInterval * i / s.ScaleWorkers);
                using var timer = new PeriodicTimer(s.ScaleInterval);
                do
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.PostAsync(uri, JsonContent.Create(Heartbeat(appId, i).Signed(key), options: WireJson.Options));
                        response.EnsureSuccessStatusCode();
                        lock (mine) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (Exception) when (!stop.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref errors);
                    }
                } while (await SafeTick(timer, stop.Token));
            })).ToList();

            await Task.Delay(s.ScaleInterval * 2);
            foreach (var mine in latencies) lock (mine) mine.Clear();
            var measured = Stopwatch.StartNew();
            var load = await WindowAsync(stats, s.ScaleDuration);
            var seconds = measured.Elapsed.TotalSeconds;
            var samples = latencies.SelectMany(l => { lock (l) return l.ToList(); }).ToList();
            var (listed, alive) = await api.WorkersAsync(appId);
            await stop.CancelAsync();
            await Task.WhenAll(loops);

            var figures = new Figures(s.ScaleWorkers, s.ScaleInterval.TotalSeconds, Math.Round(seconds, 1), Math.Round(samples.Count / seconds, 0),
                Distribution.Of(samples), errors, idle.CpuPercent, load.CpuPercent, idle.WorkingSetMiB, load.WorkingSetMiB, load.MaxWorkingSetMiB,
                load.GcHeapMiB, load.Threads, listed, alive);
            if (samples.Count == 0 || listed == 0) throw new InvalidOperationException("no heartbeat reached the server");
            report.Add("scale", figures, Table(figures));
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(entireProcessTree: true);
            await reading.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        }
    }

    private static async Task<bool> SafeTick(PeriodicTimer timer, CancellationToken stop)
    {
        try { return await timer.WaitForNextTickAsync(stop); }
        catch (OperationCanceledException) { return false; }
    }

    private static WorkerHeartbeat Heartbeat(long appId, int worker) => new()
    {
        WorkerAddress = $"127.0.0.1:{20_000 + worker}", AppName = PowerJobCluster.AppName, AppId = appId,
        HeartbeatTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Version = "4.3.9", Protocol = "HTTP", Client = "bench-lightweight",
        SystemMetrics = new SystemMetrics { CpuProcessors = 2, CpuLoad = 0.2, JvmUsedMemory = 100, JvmMaxMemory = 1000, JvmMemoryUsage = 0.1, Score = 80 },
    };

    private sealed record Window(double CpuPercent, double WorkingSetMiB, double MaxWorkingSetMiB, double GcHeapMiB, int Threads);

    // The server's own figures between now and now + duration, from the STATS lines it prints.
    private static async Task<Window> WindowAsync(List<ScaleServerProcess.Stats> stats, TimeSpan duration)
    {
        int first;
        lock (stats) first = stats.Count - 1;
        await Task.Delay(duration);
        List<ScaleServerProcess.Stats> window;
        lock (stats) window = stats.Skip(Math.Max(0, first)).ToList();
        if (window.Count < 2) throw new InvalidOperationException("the server process reported no figures");
        var (a, b) = (window[0], window[^1]);
        const double mib = 1024 * 1024;
        return new Window(Math.Round(100 * (b.CpuMs - a.CpuMs) / (b.WallMs - a.WallMs), 1), Math.Round(b.WorkingSetBytes / mib, 0),
            Math.Round(window.Max(w => w.WorkingSetBytes) / mib, 0), Math.Round(b.GcHeapBytes / mib, 1), b.Threads);
    }

    private static Table Table(Figures f) => new(
        $"4. Scale: {f.Workers:N0} lightweight workers heartbeating every {f.IntervalSeconds:0.#} s to one server (HTTP transport)",
        ["figure", "value"],
        [
            ["heartbeats/s handled", Format.Num(f.HeartbeatsPerSecond)],
            ["heartbeat round trip p50 / p99 / max ms", $"{Format.Ms(f.HeartbeatMs.P50)} / {Format.Ms(f.HeartbeatMs.P99)} / {Format.Ms(f.HeartbeatMs.Max)}"],
            ["failed heartbeats", Format.Num(f.Errors)],
            ["server CPU, % of one core (idle → under load)", $"{Format.Num(f.IdleCpuPercentOfOneCore, 1)} → {Format.Num(f.CpuPercentOfOneCore, 1)}"],
            ["server working set MiB (idle → under load, max)", $"{Format.Num(f.IdleWorkingSetMiB)} → {Format.Num(f.WorkingSetMiB)}, max {Format.Num(f.MaxWorkingSetMiB)}"],
            ["server GC heap MiB / threads", $"{Format.Num(f.GcHeapMiB, 1)} / {f.Threads}"],
            ["workers the server lists (alive)", $"{f.WorkersListed:N0} ({f.WorkersAlive:N0})"],
        ],
        [
            $"The server runs in its own process (this program with --serve); {f.Seconds:0} s measured after two intervals of settling. Each lightweight worker is a loop POSTing PowerJob's WorkerHeartbeat JSON to /server/workerHeartbeat with its own address; one shared HttpClient.",
        ]);
}
