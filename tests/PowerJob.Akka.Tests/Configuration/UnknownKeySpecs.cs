using System.Collections;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Tests.Configuration;

public class UnknownKeySpecs
{
    [Fact]
    public void A_typo_under_oms_is_named_with_the_closest_known_key()
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon("oms.akka.prot = 0"));
        Assert.Equal(["unknown configuration key 'oms.akka.prot' is ignored; did you mean 'oms.akka.port'?"],
            options.ConfigurationWarnings);
    }

    [Fact]
    public void A_typo_on_the_command_line_is_named_too()
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon("", "--oms.transporter.active.protocol=http"));
        Assert.Equal(["unknown configuration key 'oms.transporter.active.protocol' is ignored; did you mean 'oms.transporter.active.protocols'?"],
            options.ConfigurationWarnings);
    }

    [Fact]
    public void A_typo_in_the_environment_is_named_too()
    {
        var options = WorkerOptions.Read(NodeConfiguration.Build(
            ["--powerjob.worker.app-name=demo", "--powerjob.worker.server-address=127.0.0.1:7700"],
            environment: new Hashtable { ["PJ_POWERJOB__WORKER__HEALTH_REPORT_INTERVALL"] = "5s" }));
        Assert.Equal(["unknown configuration key 'powerjob.worker.health-report-intervall' is ignored; did you mean 'powerjob.worker.health-report-interval'?"],
            options.ConfigurationWarnings);
    }

    [Fact]
    public void Known_keys_lists_and_keys_outside_the_checked_prefixes_give_no_warning()
    {
        var options = ServerOptions.Read(NodeConfiguration.FromHocon(
            "oms { akka.port = 0, cluster.seed-nodes = [\"10.0.0.1:10087\"], transporter.active.protocols = [akka, http] }\n"
            + "server.port = 0\nakka.loglevel = INFO\nspring.datasource.url = x"));
        Assert.Empty(options.ConfigurationWarnings);
    }

    [Theory]
    [InlineData("server.conf")]
    [InlineData("worker.conf")]
    [InlineData("demo.conf")]
    [InlineData("worker-cluster.conf")]
    [InlineData("cluster/server-1.conf")]
    public void The_shipped_files_use_only_known_keys(string file)
    {
        var configuration = NodeConfiguration.Build(["--config", RepoFiles.Hocon(file)], environment: new Hashtable());
        Assert.Empty(KnownKeys.UnknownKeyWarnings(configuration));
    }

    [Fact]
    public void Every_key_the_options_declare_is_known()
    {
        Assert.Contains(ServerOptions.WorkerGraceKey, KnownKeys.All);
        Assert.Contains(WorkerOptions.ProcessorTrackerTimeoutKey, KnownKeys.All);
        Assert.Contains(ServerOptions.WebPortKey, KnownKeys.All);
    }

    [Theory]
    [InlineData("oms.akka.prot", "oms.akka.port", 1)]
    [InlineData("oms.akka.prt", "oms.akka.port", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, KnownKeys.EditDistance(a, b));
    }
}
