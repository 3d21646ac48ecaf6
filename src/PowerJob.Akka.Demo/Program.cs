using PowerJob.Akka.Configuration;
using PowerJob.Akka.Demo;
using PowerJob.Akka.Hosting;

return await ConsoleNode.RunAsync(async () =>
{
    var keepRunning = args.Contains("--keep-running");
    var configuration = NodeConfiguration.Build(args.Where(a => a != "--keep-running").ToArray());
    var serverOptions = ServerOptions.Read(configuration);
    return await DemoRun.RunAsync(serverOptions, keepRunning);
});
