using PowerJob.Akka.Configuration;
using PowerJob.Akka.Hosting;

return await ConsoleNode.RunAsync(() =>
{
    var configuration = NodeConfiguration.Build(args, defaultConfigFile: null);
    var options = WorkerOptions.Read(configuration);
    Console.Error.WriteLine($"worker '{options.AppName}': configuration is valid; the worker runtime is not built yet");
    return Task.FromResult(1);
});
