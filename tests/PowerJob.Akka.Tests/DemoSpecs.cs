using System.Diagnostics;

namespace PowerJob.Akka.Tests;

/// <summary>The demo as a new user runs it (<c>build.ps1 demo</c> runs this entry point with the same file).</summary>
public class DemoSpecs
{
    [Fact]
    public async Task The_demo_runs_every_sample_ends_with_its_summary_and_exits_0_with_nothing_alarming()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PowerJob.Akka.Demo.dll"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(RepoFiles.Hocon("demo.conf"));
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null) lock (lines) lines.Add(e.Data);
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
        process.WaitForExit(); // drains the redirected streams
        string output;
        lock (lines) output = string.Join("\n", lines);

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{output}");
        var summary = lines.FindLastIndex(l => l.StartsWith("demo finished:", StringComparison.Ordinal));
        Assert.True(summary >= 0, "no summary line:\n" + output);
        Assert.StartsWith("demo finished: 3 of 3 runs SUCCEED, the CRON job fired ", lines[summary]);
        Assert.True(lines.Skip(summary + 1).All(string.IsNullOrWhiteSpace), "output after the summary:\n" + output);
        string[] alarming = ["[WARNING]", "[ERROR]", "warn:", "fail:", "crit:", "Exception"];
        // Akka.Remote logs a peer that leaves at shutdown as a failed association (endpoint manager lines, with their
        // stack trace), and DotNetty sometimes a channel it could not remove: both are a node leaving, not a fault, and
        // come before the summary. Known gap: the demo's shutdown order does not yet avoid them every time.
        static bool Remoting(string l) => l.Contains("/system/endpointManager/", StringComparison.Ordinal)
                                          || l.Contains("Unable to REMOVE channel", StringComparison.Ordinal)
                                          || l.StartsWith("   at Akka.", StringComparison.Ordinal)
                                          || l.StartsWith("Cause: Akka.Remote.EndpointDisassociatedException", StringComparison.Ordinal);
        // The console logger writes an entry as a "warn: category" (or "fail: ") header line with the message below it:
        // the header of such a message belongs to it.
        bool Tolerated(int i) => Remoting(lines[i])
                                 || (lines[i].StartsWith("warn: ", StringComparison.Ordinal) || lines[i].StartsWith("fail: ", StringComparison.Ordinal))
                                 && i + 1 < lines.Count && Remoting(lines[i + 1]);
        var noise = lines.Where((l, i) => !Tolerated(i) && alarming.Any(a => l.Contains(a, StringComparison.Ordinal))).ToList();
        Assert.True(noise.Count == 0, "alarming lines:\n" + string.Join("\n", noise) + "\n\nwhole output:\n" + output);
    }
}
