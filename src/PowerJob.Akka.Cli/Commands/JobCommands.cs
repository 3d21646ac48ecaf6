using System.CommandLine;
using System.Text.Json;

namespace PowerJob.Akka.Cli.Commands;

/// <summary><c>job save|list|enable|disable|delete|run</c>.</summary>
public static class JobCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static Command Build(CommandBinder binder) => new("job", "Jobs: what to run, where and when")
    {
        Save(binder),
        List(binder),
        SetEnabled(binder, "enable", "enableJob", "enabled"),
        SetEnabled(binder, "disable", "disableJob", "disabled"),
        SetEnabled(binder, "delete", "deleteJob", "deleted"),
        Run(binder),
    };

    private static Command Save(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var name = new Option<string?>("--name") { Description = "Job name (required for a new job)" };
        var processor = new Option<string?>("--processor") { Description = "Processor name a worker offers, e.g. echo (required for a new job)" };
        var type = CommonOptions.Choice("--type", "When it runs [default for a new job: API, only when asked]", PowerJobCodes.TimeExpressionTypes);
        var expression = new Option<string?>("--expression") { Description = "CRON expression with seconds, or the FIXED_RATE/FIXED_DELAY interval in ms" };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA time zone for CRON, e.g. Europe/Berlin [default: UTC]", HelpName = "tz" };
        var executeType = CommonOptions.Choice("--execute-type", "How it runs [default for a new job: STANDALONE]", PowerJobCodes.ExecuteTypes);
        var jobParams = new Option<string?>("--params") { Description = "Job params handed to every run" };
        var maxInstances = new Option<int?>("--max-instances") { Description = "Most instances running at once, 0 for no limit", HelpName = "n" };
        var retries = new Option<int?>("--retries") { Description = "Instance retries after a failure", HelpName = "n" };
        var taskRetries = new Option<int?>("--task-retries") { Description = "Task retries inside an instance", HelpName = "n" };
        var timeout = new Option<long?>("--timeout-ms") { Description = "Instance time limit in ms, 0 for none", HelpName = "ms" };
        var id = new Option<long?>("--id") { Description = "Update this job instead of creating one; unset options keep their values", HelpName = "jobId" };
        var disabled = new Option<bool>("--disabled") { Description = "Save the job disabled" };
        var command = new Command("save", "Create or update a job (PowerJob's saveJob); prints the jobId")
        {
            appId, name, processor, type, expression, timeZone, executeType, jobParams, maxInstances, retries, taskRetries, timeout, id, disabled,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(id) is not null) return;
            if (string.IsNullOrWhiteSpace(result.GetValue(name))) result.AddError("--name is required for a new job (without --id)");
            if (string.IsNullOrWhiteSpace(result.GetValue(processor))) result.AddError("--processor is required for a new job (without --id)");
        });
        binder.Bind(command, async (s, ct) =>
        {
            var body = new Dictionary<string, object?> { ["appId"] = s.Get(appId) };
            void Put(string field, object? value)
            {
                if (value is not null) body[field] = value;
            }
            Put("id", s.Get(id));
            Put("jobName", s.Get(name));
            Put("processorInfo", s.Get(processor));
            Put("timeExpressionType", s.Get(type));
            Put("timeExpression", s.Get(expression));
            Put("timeZone", s.Get(timeZone));
            Put("executeType", s.Get(executeType));
            Put("jobParams", s.Get(jobParams));
            Put("maxInstanceNum", s.Get(maxInstances));
            Put("instanceRetryNum", s.Get(retries));
            Put("taskRetryNum", s.Get(taskRetries));
            Put("instanceTimeLimit", s.Get(timeout));
            if (s.Get(disabled)) body["enable"] = false;
            var jobId = await s.Api.PostJsonAsync("/openApi/saveJob", body, ct);
            s.Out.Render(jobId, () => s.Out.Line(jobId.GetRawText()));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var command = new Command("list", "List the app's jobs") { appId };
        binder.Bind(command, async (s, ct) =>
        {
            var jobs = await s.Api.PostFormAsync("/openApi/fetchAllJob", ct, ("appId", s.Get(appId)));
            s.Out.Render(jobs, () => s.Out.Table(
                ["ID", "NAME", "PROCESSOR", "TYPE", "EXPRESSION", "EXECUTE", "STATUS", "NEXT TRIGGER"],
                jobs.EnumerateArray().Select(j => new[]
                {
                    Output.Text(j, "id"), Output.Text(j, "jobName"), Output.Text(j, "processorInfo"),
                    PowerJobCodes.TimeExpressionType(Output.Int(j, "timeExpressionType")), Output.Text(j, "timeExpression"),
                    PowerJobCodes.ExecuteType(Output.Int(j, "executeType")), PowerJobCodes.JobStatus(Output.Int(j, "status")),
                    Output.Time(j, "nextTriggerTime"),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetEnabled(CommandBinder binder, string name, string endpoint, string done)
    {
        var appId = CommonOptions.AppId();
        var jobId = new Argument<long>("jobId") { Description = "The job's id" };
        var command = new Command(name, $"{char.ToUpperInvariant(name[0])}{name[1..]} a job") { appId, jobId };
        binder.Bind(command, async (s, ct) =>
        {
            var reply = await s.Api.PostFormAsync($"/openApi/{endpoint}", ct, ("appId", s.Get(appId)), ("jobId", s.Get(jobId)));
            s.Out.Render(reply, () => s.Out.Line($"job {s.Get(jobId)} {done}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var jobId = new Argument<long>("jobId") { Description = "The job's id" };
        var instanceParams = new Option<string?>("--params") { Description = "Instance params for this run" };
        var delay = new Option<long?>("--delay-ms") { Description = "Start the run this many ms from now", HelpName = "ms" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run to end; exit 0 only if it SUCCEEDs" };
        var waitTimeout = new Option<int>("--wait-timeout-s")
        {
            Description = "With --wait, give up after this many seconds (exit 1)",
            HelpName = "s",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("run", "Run a job once now (PowerJob's runJob); prints the instanceId") { appId, jobId, instanceParams, delay, wait, waitTimeout };
        command.Validators.Add(result =>
        {
            if (result.GetResult(waitTimeout) is not { Implicit: false } given) return;
            if (!result.GetValue(wait)) result.AddError("--wait-timeout-s needs --wait");
            if (given.GetValueOrDefault<int>() <= 0) result.AddError("--wait-timeout-s must be 1 or more");
        });
        binder.Bind(command, async (s, ct) =>
        {
            var app = s.Get(appId);
            var instanceId = await s.Api.PostFormAsync("/openApi/runJob", ct,
                ("appId", app), ("jobId", s.Get(jobId)), ("instanceParams", s.Get(instanceParams)), ("delay", s.Get(delay)));
            if (!s.Get(wait))
            {
                s.Out.Render(instanceId, () => s.Out.Line(instanceId.GetRawText()));
                return ExitCodes.Ok;
            }
            var limit = TimeSpan.FromSeconds(s.Get(waitTimeout));
            var instance = await WaitForEndAsync(s, app, instanceId.GetInt64(), limit, ct);
            var status = Output.Int(instance, "status");
            if (!PowerJobCodes.FinalStatuses.Contains(status ?? 0))
                return s.Fail($"instance {instanceId} is still {PowerJobCodes.InstanceStatus(status)} after {limit.TotalSeconds:0} s");
            s.Out.Render(instance, () =>
            {
                s.Out.Line($"instance {instanceId} {PowerJobCodes.InstanceStatus(status)}");
                s.Out.Line($"result: {Output.Text(instance, "result") ?? "-"}");
            });
            return status == PowerJobCodes.Succeed ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task<JsonElement> WaitForEndAsync(Session s, long appId, long instanceId, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            var instance = await s.Api.PostFormAsync("/openApi/fetchInstanceInfo", ct, ("appId", appId), ("instanceId", instanceId));
            if (PowerJobCodes.FinalStatuses.Contains(Output.Int(instance, "status") ?? 0) || DateTimeOffset.UtcNow >= deadline) return instance;
            await Task.Delay(PollInterval, ct);
        }
    }
}
