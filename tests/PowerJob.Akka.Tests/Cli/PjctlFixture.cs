using PowerJob.Akka.Cli;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Worker.Host.Samples;

namespace PowerJob.Akka.Tests.Cli;

/// <summary>One real server and one HTTP worker with the sample processors, shared by the pjctl specs; the app is registered through pjctl itself.</summary>
public sealed class PjctlFixture : IAsyncLifetime
{
    public const string AppName = "cli-app";

    private readonly TestNodes _nodes = new();

    public ServerNode Server { get; private set; } = null!;
    public long AppId { get; private set; }
    public string WorkerAddress { get; private set; } = null!;

    public sealed record Run(int ExitCode, string Out, string Err);

    public async Task InitializeAsync()
    {
        Server = await _nodes.StartServerAsync();
        var registered = await RunAsync("app", "register", AppName, "--password", "secret");
        Assert.True(registered.ExitCode == 0, registered.Err);
        AppId = long.Parse(registered.Out.Trim());
        var worker = await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(Server, AppName, "http"), services => services.AddSampleProcessors());
        WorkerAddress = (await TestNodes.ReadyAsync(worker)).WorkerAddress;
    }

    /// <summary>Runs pjctl in-process against this server.</summary>
    public Task<Run> RunAsync(params string[] args) => RunAgainstAsync(Server.WebAddress, ["--app-password", "secret", .. args]);

    public static async Task<Run> RunAgainstAsync(string server, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await Pjctl.RunAsync(["--server", server, .. args], stdout, stderr).WaitAsync(TimeSpan.FromSeconds(30));
        return new Run(exitCode, stdout.ToString(), stderr.ToString());
    }

    public async Task<long> SaveEchoJobAsync(string name, string jobParams)
    {
        var saved = await RunAsync("job", "save", "--app-id", $"{AppId}", "--name", name, "--processor", "echo", "--params", jobParams);
        Assert.True(saved.ExitCode == 0, saved.Err);
        return long.Parse(saved.Out.Trim());
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();
}
