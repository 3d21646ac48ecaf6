using PowerJob.Akka.Benchmarks;
using PowerJob.Akka.Benchmarks.Parts;
using PowerJob.Akka.Benchmarks.Reporting;
var s = BenchSettings.QuickMode();
var report = new BenchReport(MachineInfo.Read(), "quick");
await CronPart.RunAsync(s, report);
