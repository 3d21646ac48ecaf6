using PowerJob.Akka.Tests.Support;
using PowerJob.Akka.Versioning;

namespace PowerJob.Akka.Tests.Transport;

public class VersionCheckSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Theory]
    [InlineData("1.0.0", "1.0.7", VersionCompatibility.Compatible)]
    [InlineData("1.0.0", "1.3.0", VersionCompatibility.MinorMismatch)]
    [InlineData("1.0.0", "2.0.0", VersionCompatibility.MajorMismatch)]
    [InlineData("1.0.0", "garbage", VersionCompatibility.MajorMismatch)]
    public void Versions_compare_by_major_and_minor(string server, string worker, VersionCompatibility expected) =>
        Assert.Equal(expected, PowerJobVersion.Compare(server, worker));

    [Fact]
    public async Task Other_minor_version_connects_with_a_warning_on_both_sides()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions() with { Version = "1.4.0" });
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        foreach (var protocol in new[] { "akka", "http" })
        {
            var worker = await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(server, "billing", protocol) with { Version = "1.2.0" });
            var health = await TestNodes.EventuallyAsync(() => worker.HealthAsync(), h => h.Ready && h.VersionWarning is not null, TimeSpan.FromSeconds(10));
            Assert.Contains("differ in minor version", health.VersionWarning);
        }
        var workers = await TestNodes.EventuallyAsync(() => _nodes.WorkersAsync(server, appId), w => w.GetArrayLength() == 2, TimeSpan.FromSeconds(5));
        Assert.All(workers.EnumerateArray(), w => Assert.Contains("differ in minor version", w.GetProperty("versionWarning").GetString()));
    }

    [Fact]
    public async Task Other_major_version_is_refused_with_the_reason()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions() with { Version = "2.0.0" });
        var appId = await _nodes.RegisterAppAsync(server, "billing");
        var worker = await _nodes.StartWorkerAsync(TestNodes.WorkerOptions(server, "billing", "http") with { Version = "1.0.0" });

        var health = await TestNodes.EventuallyAsync(() => worker.HealthAsync(),
            h => h.LastError?.Contains("differ in major version") == true, TimeSpan.FromSeconds(5));
        Assert.False(health.Ready);
        Assert.Empty((await _nodes.WorkersAsync(server, appId)).EnumerateArray());
    }
}
