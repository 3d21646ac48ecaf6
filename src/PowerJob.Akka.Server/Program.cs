using PowerJob.Akka.Configuration;
using PowerJob.Akka.Hosting;
using PowerJob.Akka.Server.Hosting;

return await ConsoleNode.RunAsync(async () =>
{
    var configuration = NodeConfiguration.Build(args, defaultConfigFile: null);
    var options = ServerOptions.Read(configuration);
    await using var node = await ServerNode.StartAsync(options);
    await node.WaitForShutdownAsync();
    return 0;
});
