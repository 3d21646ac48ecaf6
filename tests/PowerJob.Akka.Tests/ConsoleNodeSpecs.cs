using System.Diagnostics;

namespace PowerJob.Akka.Tests;

public class ConsoleNodeSpecs
{
    [Fact]
    public async Task Server_with_unknown_main_protocol_exits_non_zero_with_one_line_naming_key_and_allowed_values()
    {
        var (exitCode, stdout, stderr) = await RunAsync("PowerJob.Akka.Server.dll",
            "--config", RepoFiles.Hocon("server.conf"), "--oms.transporter.main.protocol=grpc");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: invalid value 'grpc' for 'oms.transporter.main.protocol': allowed values are AKKA, HTTP (any letter case)",
            stderr.Trim());
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public async Task Worker_without_app_name_exits_non_zero_with_one_line()
    {
        var (exitCode, _, stderr) = await RunAsync("PowerJob.Akka.Worker.Host.dll",
            "--config", RepoFiles.Hocon("worker.conf"), "--powerjob.worker.app-name=");

        Assert.Equal(2, exitCode);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: invalid value '' for 'powerjob.worker.app-name'", stderr.Trim());
    }

    [Fact]
    public async Task Server_started_with_hocon_lists_on_the_command_line_warns_about_a_mistyped_key()
    {
        var db = Path.Combine(Path.GetTempPath(), $"pj-{Guid.NewGuid():N}.db");
        var output = await RunUntilAsync("PowerJob.Akka.Server.dll", output => output.Contains("did you mean") && output.Contains("port plan: worker transport (HTTP)"),
            "--config", RepoFiles.Hocon("server.conf"), "--oms.akka.port=0", "--oms.http.port=0", "--server.port=0",
            "--oms.cluster.port=0", "--oms.bind-hostname=127.0.0.1", $"--oms.storage.connection-string=Data Source={db}",
            "--oms.transporter.active.protocols=[\"akka\",\"http\"]", "--oms.akka.prot=0");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);

        Assert.Contains("unknown configuration key 'oms.akka.prot' is ignored; did you mean 'oms.akka.port'?", output);
        Assert.Contains("port plan: worker transport (AKKA)", output);
        Assert.DoesNotContain("error:", output);
    }

    [Fact]
    public async Task Worker_warns_about_a_mistyped_key_at_start()
    {
        var output = await RunUntilAsync("PowerJob.Akka.Worker.Host.dll", output => output.Contains("did you mean"),
            "--config", RepoFiles.Hocon("worker.conf"), "--powerjob.worker.port=0", "--powerjob.worker.protocl=http",
            "--powerjob.worker.server-address=[\"127.0.0.1:1\"]");
        Assert.Contains("unknown configuration key 'powerjob.worker.protocl' is ignored; did you mean 'powerjob.worker.protocol'?", output);
    }

    /// <summary>Starts a node, collects its output until it matches (or 60 s pass), then kills it.</summary>
    private static async Task<string> RunUntilAsync(string dll, Func<string, bool> done, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var matched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            string text;
            lock (output) text = output.AppendLine(e.Data).ToString();
            if (done(text)) matched.TrySetResult();
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(matched.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        lock (output) return output.ToString();
    }

    private static async Task<(int, string, string)> RunAsync(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
