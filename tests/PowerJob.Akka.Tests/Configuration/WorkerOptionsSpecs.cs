using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Tests.Configuration;

public class WorkerOptionsSpecs
{
    private const string Minimal = "powerjob.worker { app-name = demo, server-address = \"127.0.0.1:7700\" }";

    private static WorkerOptions Read(string hocon, params string[] overrides) =>
        WorkerOptions.Read(NodeConfiguration.FromHocon(hocon, overrides));

    private static ConfigurationError SingleError(string hocon, params string[] overrides) =>
        Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Read(hocon, overrides)).Errors);

    [Fact]
    public void Defaults_follow_PowerJob()
    {
        var options = Read(Minimal);
        Assert.Equal(Protocol.Akka, options.Protocol);
        Assert.Equal(27777, options.Port);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HealthReportInterval);
        Assert.Equal(["127.0.0.1:7700"], options.ServerAddresses);
    }

    [Theory]
    [InlineData("Http", Protocol.Http)]
    [InlineData("aKKa", Protocol.Akka)]
    public void Protocol_is_case_insensitive(string value, Protocol expected)
    {
        Assert.Equal(expected, Read(Minimal, $"--powerjob.worker.protocol={value}").Protocol);
    }

    [Fact]
    public void Missing_app_name_is_rejected()
    {
        var error = SingleError("powerjob.worker.server-address = \"127.0.0.1:7700\"");
        Assert.Equal("invalid value '<missing>' for 'powerjob.worker.app-name': expected the name of an app registered on the server",
            error.ToString());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:0")]
    [InlineData("http://localhost:7700")]
    [InlineData("host:port")]
    public void Bad_server_address_entries_are_rejected(string entry)
    {
        var error = SingleError($"powerjob.worker {{ app-name = demo, server-address = \"127.0.0.1:7700,{entry}\" }}");
        Assert.Equal(WorkerOptions.ServerAddressKey, error.Key);
        Assert.Equal(entry, error.Value);
    }

    [Fact]
    public void Server_address_may_be_a_hocon_list()
    {
        var options = Read("powerjob.worker { app-name = demo, server-address = [\"a:7700\", \"b:7701\"] }");
        Assert.Equal(["a:7700", "b:7701"], options.ServerAddresses);
    }

    [Fact]
    public void Unknown_protocol_is_rejected()
    {
        var error = SingleError(Minimal, "--powerjob.worker.protocol=grpc");
        Assert.Equal(WorkerOptions.ProtocolKey, error.Key);
    }

    [Theory]
    [InlineData("5", 5000)]
    [InlineData("5s", 5000)]
    [InlineData("250ms", 250)]
    [InlineData("1m", 60000)]
    public void Health_report_interval_accepts_seconds_or_units(string value, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Read(Minimal, $"--powerjob.worker.health-report-interval={value}").HealthReportInterval);
    }

    [Fact]
    public void The_shipped_worker_file_is_valid()
    {
        var options = WorkerOptions.Read(NodeConfiguration.Build(["--config", RepoFiles.Hocon("worker.conf")]));
        Assert.Equal(Protocol.Akka, options.Protocol);
    }
}
