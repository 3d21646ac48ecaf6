using System.CommandLine;
using System.Text.Json;

namespace PowerJob.Akka.Cli.Commands;

/// <summary><c>instance info|stop|cancel|retry|logs|list</c>.</summary>
public static class InstanceCommands
{
    public static Command Build(CommandBinder binder) => new("instance", "Instances: the runs of a job")
    {
        Info(binder),
        Act(binder, "stop", "stopInstance", "Stop a running instance", "stop requested"),
        Act(binder, "cancel", "cancelInstance", "Cancel an instance that has not started yet", "cancel requested"),
        Act(binder, "retry", "retryInstance", "Run a finished instance again", "retry requested"),
        Logs(binder),
        List(binder),
    };

    private static Argument<long> InstanceId() => new("instanceId") { Description = "The instance's id" };

    private static Command Info(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var instanceId = InstanceId();
        var command = new Command("info", "Show an instance with its recorded status transitions") { appId, instanceId };
        binder.Bind(command, async (s, ct) =>
        {
            var i = await s.Api.PostFormAsync("/openApi/fetchInstanceInfo", ct, ("appId", s.Get(appId)), ("instanceId", s.Get(instanceId)));
            s.Out.Render(i, () =>
            {
                s.Out.Fields([
                    ("instance", Output.Text(i, "instanceId")),
                    ("job", Output.Text(i, "jobId")),
                    ("status", PowerJobCodes.InstanceStatus(Output.Int(i, "status"))),
                    ("result", Output.Text(i, "result")),
                    ("job params", Output.Text(i, "jobParams")),
                    ("instance params", Output.Text(i, "instanceParams")),
                    ("expected trigger", Output.Time(i, "expectedTriggerTime")),
                    ("actual trigger", Output.Time(i, "actualTriggerTime")),
                    ("finished", Output.Time(i, "finishedTime")),
                    ("task tracker", Output.Text(i, "taskTrackerAddress")),
                    ("running times", Output.Text(i, "runningTimes")),
                    ("attempt", Output.Text(i, "attempt")),
                ]);
                if (!i.TryGetProperty("transitions", out var transitions) || transitions.ValueKind != JsonValueKind.Array) return;
                s.Out.Line("transitions:");
                s.Out.Table(["AT", "STATUS", "NOTE"], transitions.EnumerateArray().Select(t => new[]
                {
                    Output.Time(t, "at"), PowerJobCodes.InstanceStatus(Output.Int(t, "status")), Output.Text(t, "note"),
                }), indent: "  ");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Act(CommandBinder binder, string name, string endpoint, string description, string done)
    {
        var appId = CommonOptions.AppId();
        var instanceId = InstanceId();
        var command = new Command(name, description) { appId, instanceId };
        binder.Bind(command, async (s, ct) =>
        {
            var reply = await s.Api.PostFormAsync($"/openApi/{endpoint}", ct, ("appId", s.Get(appId)), ("instanceId", s.Get(instanceId)));
            s.Out.Render(reply, () => s.Out.Line($"instance {s.Get(instanceId)}: {done}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logs(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var instanceId = InstanceId();
        var command = new Command("logs", "Print the log lines the instance's processors wrote") { appId, instanceId };
        binder.Bind(command, async (s, ct) =>
        {
            var logs = await s.Api.GetEnvelopeAsync($"/openApi/fetchInstanceLog?appId={s.Get(appId)}&instanceId={s.Get(instanceId)}", ct);
            s.Out.Render(logs, () => s.Out.Table(["TIME", "LEVEL", "WORKER", "MESSAGE"], logs.EnumerateArray().Select(l => new[]
            {
                Output.Time(l, "time"), Output.Text(l, "level"), Output.Text(l, "workerAddress"), Output.Text(l, "content"),
            })));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var jobId = new Option<long?>("--job-id") { Description = "Only this job's instances", HelpName = "id" };
        var status = new Option<string?>("--status")
        {
            Description = "Only these statuses, comma separated names or codes, e.g. RUNNING,FAILED",
            HelpName = "statuses",
        };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first (1-1000)", HelpName = "n", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List instances (PowerJob's queryInstance)") { appId, jobId, status, limit };
        binder.Bind(command, async (s, ct) =>
        {
            // The server answers PowerJob 5's page ({index, pageSize, totalPages, totalItems, data}); the first page is enough.
            var page = await s.Api.PostFormAsync("/openApi/queryInstance", ct,
                ("appId", s.Get(appId)), ("jobId", s.Get(jobId)), ("statusIn", s.Get(status)), ("pageSize", s.Get(limit)));
            var instances = page.GetProperty("data");
            s.Out.Render(instances, () => s.Out.Table(
                ["INSTANCE", "JOB", "STATUS", "TRIGGERED", "FINISHED", "TASK TRACKER", "RESULT"],
                instances.EnumerateArray().Select(i => new[]
                {
                    Output.Text(i, "instanceId"), Output.Text(i, "jobId"), PowerJobCodes.InstanceStatus(Output.Int(i, "status")),
                    Output.Time(i, "actualTriggerTime"), Output.Time(i, "finishedTime"), Output.Text(i, "taskTrackerAddress"),
                    Output.Shorten(Output.Text(i, "result")),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
