return await PowerJob.Akka.Cli.Pjctl.RunAsync(args, Console.Out, Console.Error);
