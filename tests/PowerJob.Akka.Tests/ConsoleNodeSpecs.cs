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
