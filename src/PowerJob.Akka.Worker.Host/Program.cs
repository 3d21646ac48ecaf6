using PowerJob.Akka.Configuration;
using PowerJob.Akka.Hosting;
using PowerJob.Akka.Worker.Host.Samples;
using PowerJob.Akka.Worker.Hosting;

return await ConsoleNode.RunAsync(async () =>
{
    var configuration = NodeConfiguration.Build(args, defaultConfigFile: null);
    var options = WorkerOptions.Read(configuration);
    await using var node = await WorkerNode.StartAsync(options, services => services.AddSampleProcessors());
    await node.WaitForShutdownAsync();
    return 0;
});
