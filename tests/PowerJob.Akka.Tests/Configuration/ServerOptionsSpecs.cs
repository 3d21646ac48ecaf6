using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Tests.Configuration;

public class ServerOptionsSpecs
{
    private static ServerOptions Read(string hocon, params string[] overrides) =>
        ServerOptions.Read(NodeConfiguration.FromHocon(hocon, overrides));

    private static ConfigurationError SingleError(string hocon, params string[] overrides)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => Read(hocon, overrides));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void Defaults_follow_PowerJob()
    {
        var options = Read("");
        Assert.Equal([Protocol.Akka, Protocol.Http], options.ActiveProtocols);
        Assert.Equal(Protocol.Http, options.MainProtocol);
        Assert.Equal((10086, 10010, 7700, 10087), (options.AkkaPort, options.HttpPort, options.WebPort, options.ClusterPort));
        Assert.Equal(StorageProvider.Sqlite, options.StorageProvider);
        Assert.Equal("Data Source=powerjob.db", options.ConnectionString);
    }

    [Theory]
    [InlineData("oms.transporter.active.protocols = \"AKKA,HTTP\"")]
    [InlineData("oms.transporter.active.protocols = \"akka, http\"")]
    [InlineData("oms.transporter.active.protocols = [akka, HTTP]")]
    [InlineData("oms.transporter.active.protocols = [\" Akka \", Http, http, AKKA]")]
    public void Active_protocols_accept_a_comma_string_or_a_list_and_collapse_duplicates(string hocon)
    {
        Assert.Equal([Protocol.Akka, Protocol.Http], Read(hocon).ActiveProtocols);
    }

    [Fact]
    public void Active_list_akka_http_with_main_HTTP_starts_where_PowerJob_fails()
    {
        var options = Read("oms.transporter { active.protocols = \"akka,http\", main.protocol = HTTP }");
        Assert.Equal(Protocol.Http, options.MainProtocol);
        Assert.True(options.Serves(Protocol.Akka));
    }

    [Fact]
    public void Unknown_main_protocol_names_key_value_and_allowed_values()
    {
        var error = SingleError("", "--oms.transporter.main.protocol=grpc");
        Assert.Equal("invalid value 'grpc' for 'oms.transporter.main.protocol': allowed values are AKKA, HTTP (any letter case)",
            error.ToString());
    }

    [Fact]
    public void Unknown_active_protocol_is_an_error_not_a_silent_AKKA()
    {
        var error = SingleError("oms.transporter.active.protocols = \"akka,grpc\"");
        Assert.Equal(ServerOptions.ActiveProtocolsKey, error.Key);
        Assert.Equal("grpc", error.Value);
    }

    [Theory]
    [InlineData("oms.transporter.active.protocols = \"\"")]
    [InlineData("oms.transporter.active.protocols = []")]
    [InlineData("oms.transporter.active.protocols = \" , \"")]
    public void Empty_active_list_is_rejected(string hocon)
    {
        var error = SingleError(hocon);
        Assert.Equal(ServerOptions.ActiveProtocolsKey, error.Key);
        Assert.Contains("at least one protocol must be active", error.Allowed);
    }

    [Fact]
    public void Main_protocol_must_be_active()
    {
        var error = SingleError("oms.transporter { active.protocols = akka, main.protocol = http }");
        Assert.Equal("invalid value 'http' for 'oms.transporter.main.protocol': the main protocol must be one of the active protocols [AKKA] ('oms.transporter.active.protocols')",
            error.ToString());
    }

    [Theory]
    [InlineData("oms.akka.port", "70000")]
    [InlineData("server.port", "-1")]
    [InlineData("oms.cluster.port", "ten")]
    public void Ports_out_of_range_are_rejected(string key, string value)
    {
        var error = SingleError("", $"--{key}={value}");
        Assert.Equal($"invalid value '{value}' for '{key}': expected a whole number from 0 to 65535", error.ToString());
    }

    [Fact]
    public void Two_roles_on_one_port_are_rejected_naming_both_keys()
    {
        var error = SingleError("oms.cluster.port = 7700");
        Assert.Equal("invalid value '7700' for 'server.port': port already used by 'oms.cluster.port'; every role needs its own port (0 picks a free one)",
            error.ToString());
    }

    [Fact]
    public void An_inactive_protocols_port_may_coincide_and_port_zero_never_collides()
    {
        var options = Read("oms.transporter { active.protocols = http, main.protocol = http }\noms.akka.port = 7700");
        Assert.Equal(7700, options.AkkaPort);
        Read("", "--oms.akka.port=0", "--oms.http.port=0", "--server.port=0", "--oms.cluster.port=0");
    }

    [Theory]
    [InlineData("oms.cluster.seed-nodes = [\"10.0.0.1\"]", "10.0.0.1")]
    [InlineData("oms.cluster.seed-nodes = [\"10.0.0.1:99999\"]", "10.0.0.1:99999")]
    public void Bad_seed_nodes_are_rejected(string hocon, string value)
    {
        var error = SingleError(hocon);
        Assert.Equal((ServerOptions.SeedNodesKey, value), (error.Key, error.Value));
    }

    [Fact]
    public void Unknown_storage_provider_is_rejected()
    {
        var error = SingleError("oms.storage.provider = mysql");
        Assert.Equal("invalid value 'mysql' for 'oms.storage.provider': allowed values are sqlite, postgres", error.ToString());
    }

    [Fact]
    public void Malformed_hocon_is_a_configuration_error()
    {
        var error = SingleError("oms { akka.port = 1 }, server.port = 2");
        Assert.Equal("--config", error.Key);
        Assert.StartsWith("not valid HOCON", error.Allowed);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() =>
            Read("", "--oms.transporter.main.protocol=grpc", "--server.port=abc"));
        Assert.Equal(2, e.Errors.Count);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void The_three_server_example_files_are_valid_and_use_distinct_ports()
    {
        var servers = Enumerable.Range(1, 3)
            .Select(i => ServerOptions.Read(NodeConfiguration.Build(["--config", RepoFiles.Hocon($"cluster/server-{i}.conf")], environment: new System.Collections.Hashtable())))
            .ToList();
        var ports = servers.SelectMany(s => new[] { s.AkkaPort, s.HttpPort, s.ClusterPort, s.WebPort }).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(servers, s => Assert.Equal(StorageProvider.Postgres, s.StorageProvider));
        Assert.All(servers, s => Assert.Equal(["127.0.0.1:10087", "127.0.0.1:10097"], s.SeedNodes));
        var worker = WorkerOptions.Read(NodeConfiguration.Build(["--config", RepoFiles.Hocon("worker-cluster.conf")], environment: new System.Collections.Hashtable()));
        Assert.Equal(servers.Select(s => $"127.0.0.1:{s.WebPort}"), worker.ServerAddresses);
    }

    [Fact]
    public void The_shipped_server_file_is_valid()
    {
        var options = ServerOptions.Read(NodeConfiguration.Build(["--config", RepoFiles.Hocon("server.conf")]));
        Assert.Equal([Protocol.Akka, Protocol.Http], options.ActiveProtocols);
        Assert.Equal(7700, options.WebPort);
    }
}
