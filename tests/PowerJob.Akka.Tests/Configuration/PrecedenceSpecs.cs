using System.Collections;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Tests.Configuration;

public class PrecedenceSpecs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pj-{Guid.NewGuid():N}.conf");

    public PrecedenceSpecs() => File.WriteAllText(_file, "oms.akka.port = 1111\noms.http.port = 2222\nserver.port = 3333\n");

    public void Dispose() => File.Delete(_file);

    private ServerOptions Read(IDictionary environment, params string[] args) =>
        ServerOptions.Read(NodeConfiguration.Build(["--config", _file, .. args], environment: environment));

    [Fact]
    public void File_is_overridden_by_environment_which_is_overridden_by_command_line()
    {
        var environment = new Hashtable { ["PJ_OMS__HTTP__PORT"] = "4444", ["PJ_SERVER__PORT"] = "5555" };
        var options = Read(environment, "--server.port=6666");
        Assert.Equal(1111, options.AkkaPort);
        Assert.Equal(4444, options.HttpPort);
        Assert.Equal(6666, options.WebPort);
    }

    [Theory]
    [InlineData("PJ_OMS__AKKA__PORT", "oms:akka:port")]
    [InlineData("pj_powerjob__worker__app_name", "powerjob:worker:app-name")]
    [InlineData("PJ_OMS__TRANSPORTER__ACTIVE__PROTOCOLS", "oms:transporter:active:protocols")]
    [InlineData("PATH", null)]
    public void Environment_variable_names_map_onto_keys(string variable, string? key)
    {
        Assert.Equal(key, PrefixedEnvironmentVariablesSource.ToKey(variable));
    }

    [Fact]
    public void The_worker_app_password_comes_from_its_environment_variable()
    {
        File.WriteAllText(_file, "powerjob.worker { app-name = billing, server-address = \"127.0.0.1:7700\" }\n");
        var options = WorkerOptions.Read(NodeConfiguration.Build(["--config", _file],
            environment: new Hashtable { ["PJ_POWERJOB__WORKER__APP_PASSWORD"] = "from-env" }));
        Assert.Equal("from-env", options.AppPassword);
        Assert.Null(WorkerOptions.Read(NodeConfiguration.Build(["--config", _file], environment: new Hashtable())).AppPassword);
    }

    [Fact]
    public void A_scalar_override_replaces_a_hocon_list()
    {
        File.WriteAllText(_file, "oms.transporter.active.protocols = [akka, http]\n");
        var environment = new Hashtable { ["PJ_OMS__TRANSPORTER__ACTIVE__PROTOCOLS"] = "http" };
        Assert.Equal([Protocol.Http], Read(environment).ActiveProtocols);
    }

    [Fact]
    public void A_missing_config_file_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() =>
            NodeConfiguration.Build(["--config", "/nowhere/server.conf"], environment: new Hashtable()));
        Assert.Equal("invalid value '/nowhere/server.conf' for '--config': the file does not exist", e.Message);
    }

    [Fact]
    public void A_malformed_argument_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => NodeCommandLine.Parse(["oms.akka.port=1"]));
        Assert.Contains("expected --config <file> or --key=value", e.Message);
    }
}
