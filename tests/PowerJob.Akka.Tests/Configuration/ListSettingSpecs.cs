using System.Collections;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Tests.Configuration;

/// <summary>A list setting takes the same forms in the file, on the command line and in the environment.</summary>
public class ListSettingSpecs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pj-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(_file);

    // The values as a program receives them, i.e. after the shell removed its own quoting.
    public static TheoryData<string> ProtocolForms() =>
    [
        "akka,http", "akka, http", " AKKA , Http ", "\"akka,http\"", "'akka,http'",
        "[akka,http]", "[akka, http]", "[\"akka\",\"http\"]", "[ \"akka\" , \"http\" ]", "['akka','http']",
        "'[\"akka\",\"http\"]'", "[\"akka\", \"http\", \"AKKA\"]",
    ];

    [Theory]
    [MemberData(nameof(ProtocolForms))]
    public void Active_protocols_on_the_command_line_accept_every_list_form(string value)
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon("", $"--oms.transporter.active.protocols={value}"));
        Assert.Equal([Protocol.Akka, Protocol.Http], options.ActiveProtocols);
    }

    [Theory]
    [MemberData(nameof(ProtocolForms))]
    public void Active_protocols_in_the_environment_accept_every_list_form(string value)
    {
        var options = ReadServer("", new Hashtable { ["PJ_OMS__TRANSPORTER__ACTIVE__PROTOCOLS"] = value });
        Assert.Equal([Protocol.Akka, Protocol.Http], options.ActiveProtocols);
    }

    [Theory]
    [InlineData("oms.transporter.active.protocols = \"[\\\"akka\\\",\\\"http\\\"]\"")]
    [InlineData("oms.transporter.active.protocols = \"[akka, http]\"")]
    [InlineData("oms.transporter.active.protocols = [\"akka\", \"http\"]")]
    [InlineData("oms.transporter.active.protocols = \"'akka', 'http'\"")]
    public void Active_protocols_in_the_file_accept_every_list_form(string hocon)
    {
        Assert.Equal([Protocol.Akka, Protocol.Http], ReadServer(hocon, new Hashtable()).ActiveProtocols);
    }

    [Theory]
    [InlineData("[\"10.0.0.1:10087\"]")]
    [InlineData("[10.0.0.1:10087]")]
    [InlineData("10.0.0.1:10087")]
    [InlineData("\"10.0.0.1:10087\"")]
    public void One_seed_node_is_accepted_on_the_command_line_in_every_form(string value)
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon("", $"--oms.cluster.seed-nodes={value}"));
        Assert.Equal(["10.0.0.1:10087"], options.SeedNodes);
    }

    [Theory]
    [InlineData("[\"10.0.0.1:10087\",\"10.0.0.2:10087\"]")]
    [InlineData("[\"10.0.0.1:10087\", \"10.0.0.2:10087\"]")]
    [InlineData("10.0.0.1:10087,10.0.0.2:10087")]
    public void Seed_nodes_from_the_environment_accept_every_list_form(string value)
    {
        var options = ReadServer("", new Hashtable { ["PJ_OMS__CLUSTER__SEED_NODES"] = value });
        Assert.Equal(["10.0.0.1:10087", "10.0.0.2:10087"], options.SeedNodes);
    }

    [Fact]
    public void The_seed_node_form_the_error_message_suggests_is_accepted()
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() =>
            ServerOptions.Read(NodeConfiguration.FromHocon("", "--oms.cluster.seed-nodes=10.0.0.1"))).Errors);
        var suggested = error.Allowed[(error.Allowed.IndexOf("e.g. ", StringComparison.Ordinal) + 5)..];
        var options = ServerOptions.Read(NodeConfiguration.FromHocon("", $"--oms.cluster.seed-nodes={suggested}"));
        Assert.Equal(["10.0.0.1:10087"], options.SeedNodes);
    }

    [Theory]
    [InlineData("[\"a:7700\",\"b:7701\"]")]
    [InlineData("a:7700, b:7701")]
    [InlineData("['a:7700', 'b:7701']")]
    public void Worker_server_addresses_accept_every_list_form(string value)
    {
        var options = WorkerOptions.Read(NodeConfiguration.FromHocon("powerjob.worker.app-name = demo",
            $"--powerjob.worker.server-address={value}"));
        Assert.Equal(["a:7700", "b:7701"], options.ServerAddresses);
    }

    [Fact]
    public void A_bad_entry_in_a_bracketed_list_is_named_without_its_quotes()
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() =>
            ServerOptions.Read(NodeConfiguration.FromHocon("", "--oms.transporter.active.protocols=[\"akka\",\"grpc\"]"))).Errors);
        Assert.Equal("invalid value 'grpc' for 'oms.transporter.active.protocols': allowed values are AKKA, HTTP (any letter case)",
            error.ToString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[ ]")]
    [InlineData("[\"\"]")]
    public void An_empty_bracketed_protocol_list_is_refused(string value)
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() =>
            ServerOptions.Read(NodeConfiguration.FromHocon("", $"--oms.transporter.active.protocols={value}"))).Errors);
        Assert.Contains("at least one protocol must be active", error.Allowed);
    }

    private ServerOptions ReadServer(string hocon, IDictionary environment)
    {
        File.WriteAllText(_file, hocon);
        return ServerOptions.Read(NodeConfiguration.Build(["--config", _file], environment: environment));
    }
}
