using System.Diagnostics;
using PowerJob.Akka.Benchmarks;
using PowerJob.Akka.Benchmarks.Parts;
using PowerJob.Akka.Benchmarks.Reporting;

// dotnet run -c Release --project tests/PowerJob.Akka.Benchmarks -- [--quick] [--parts throughput,cron,transport,scale,worker,distributed] [--out FILE]
//     (distributed needs PostgreSQL: POWERJOB_BENCH_POSTGRES, or POWERJOB_TEST_POSTGRES, holds the connection string; skipped without)
//     [--experiment serial-writes]   (queue PowerJob.Akka's store writes in-process, to measure that fix without changing src/)
if (args.Contains(ScaleServerProcess.Argument)) return await ScaleServerProcess.ServeAsync();

var quick = args.Contains("--quick");
var settings = quick ? BenchSettings.QuickMode() : BenchSettings.Full();
var output = Option("--out") ?? "bench-results.json";
var parts = new (string Name, Func<BenchSettings, BenchReport, Task> Run)[]
{
    ("throughput", ThroughputPart.RunAsync),
    ("cron", CronPart.RunAsync),
    ("transport", TransportPart.RunAsync),
    ("scale", ScalePart.RunAsync),
    ("worker", WorkerPart.RunAsync),
    ("distributed", DistributedPart.RunAsync),
};
var chosen = Option("--parts")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? parts.Select(p => p.Name).ToArray();
if (chosen.FirstOrDefault(c => parts.All(p => p.Name != c)) is { } unknown)
{
    Console.Error.WriteLine($"bench: unknown part '{unknown}'; parts are {string.Join(", ", parts.Select(p => p.Name))}");
    return 2;
}

var experiment = Option("--experiment");
if (experiment is not (null or "serial-writes"))
{
    Console.Error.WriteLine($"bench: unknown experiment '{experiment}'; the only one is serial-writes");
    return 2;
}
PowerJob.Akka.Benchmarks.Support.PowerJobCluster.SerializeStoreWrites = experiment == "serial-writes";
var mode = (quick ? "quick" : "full") + (experiment is null ? "" : $", experiment {experiment} (PowerJob.Akka's store writes queued in-process, one at a time)");
var report = new BenchReport(MachineInfo.Read(), mode);
Console.WriteLine($"PowerJob.Akka benchmarks ({mode}) on {report.Machine.Describe()}");
var clock = Stopwatch.StartNew();
foreach (var (name, run) in parts.Where(p => chosen.Contains(p.Name)))
{
    try { await run(settings, report); }
    catch (Exception e) { report.Fail(name, e); }
}
clock.Stop();
await report.WriteJsonAsync(output, clock.Elapsed);

Console.WriteLine();
Console.WriteLine("================ results ================");
Console.WriteLine(report.RenderAll());
Console.WriteLine($"bench: {(quick ? "quick" : "full")} run took {clock.Elapsed.TotalSeconds:0.0} s; figures written to {Path.GetFullPath(output)}");
foreach (var failure in report.Failures) Console.Error.WriteLine($"bench: FAILED {failure}");
return report.Failures.Count == 0 ? 0 : 1;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
