using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PowerJob.Akka.Cli.Commands;

/// <summary>
/// <c>workflow save|info|list|enable|disable|delete|copy|run|instance|stop|retry|mark-success</c>: PowerJob's workflow OpenAPI.
/// </summary>
public static class WorkflowCommands
{
    public static Command Build(CommandBinder binder) => new("workflow", "Workflows: DAGs of the app's jobs, and their runs")
    {
        Save(binder),
        Info(binder),
        List(binder),
        Act(binder, "enable", "enableWorkflow", "workflowId", "Enable a workflow", "enabled"),
        Act(binder, "disable", "disableWorkflow", "workflowId", "Disable a workflow", "disabled"),
        Act(binder, "delete", "deleteWorkflow", "workflowId", "Delete a workflow", "deleted"),
        Act(binder, "copy", "copyWorkflow", "workflowId", "Copy a workflow (prints the copy's id)", null),
        Run(binder),
        Instance(binder),
        Act(binder, "stop", "stopWfInstance", "wfInstanceId", "Stop a workflow instance and its running nodes", "stop requested"),
        Act(binder, "retry", "retryWfInstance", "wfInstanceId", "Run the failed nodes of a failed or stopped workflow instance again", "retry requested"),
        MarkSuccess(binder),
    };

    private static Command Save(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var file = new Argument<FileInfo>("file") { Description = "JSON file with PowerJob's SaveWorkflowRequest: {wfName, timeExpressionType, dag: {nodes, edges}, ...}" };
        var command = new Command("save", "Create a workflow, or update the one whose id the file names (prints its id)") { appId, file };
        binder.Bind(command, async (s, ct) =>
        {
            var body = JsonNode.Parse(await File.ReadAllTextAsync(s.Get(file).FullName, ct)) as JsonObject
                       ?? throw new ArgumentException($"{s.Get(file).Name} does not hold a JSON object");
            body["appId"] = s.Get(appId);
            var id = await s.Api.PostJsonAsync("/openApi/saveWorkflow", body, ct);
            s.Out.Render(id, () => s.Out.Line(id.GetRawText()));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Info(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var workflowId = new Argument<long>("workflowId") { Description = "The workflow's id" };
        var command = new Command("info", "Show a workflow and its DAG") { appId, workflowId };
        binder.Bind(command, async (s, ct) =>
        {
            var w = await s.Api.PostFormAsync("/openApi/fetchWorkflow", ct, ("appId", s.Get(appId)), ("workflowId", s.Get(workflowId)));
            s.Out.Render(w, () =>
            {
                s.Out.Fields([
                    ("workflow", Output.Text(w, "id")), ("name", Output.Text(w, "wfName")),
                    ("type", PowerJobCodes.TimeExpressionType(Output.Int(w, "timeExpressionType"))), ("expression", Output.Text(w, "timeExpression")),
                    ("time zone", Output.Text(w, "timeZone")), ("status", PowerJobCodes.JobStatus(Output.Int(w, "status"))),
                    ("next trigger", Output.Time(w, "nextTriggerTime")),
                ]);
                Dag(s.Out, w.GetProperty("peDAG"));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var command = new Command("list", "List the app's workflows") { appId };
        binder.Bind(command, async (s, ct) =>
        {
            var all = await s.Api.PostFormAsync("/openApi/fetchAllWorkflow", ct, ("appId", s.Get(appId)));
            s.Out.Render(all, () => s.Out.Table(["ID", "NAME", "TYPE", "EXPRESSION", "NODES", "STATUS", "NEXT TRIGGER"],
                all.EnumerateArray().Select(w => new[]
                {
                    Output.Text(w, "id"), Output.Text(w, "wfName"), PowerJobCodes.TimeExpressionType(Output.Int(w, "timeExpressionType")),
                    Output.Text(w, "timeExpression"), w.GetProperty("peDAG").GetProperty("nodes").GetArrayLength().ToString(),
                    PowerJobCodes.JobStatus(Output.Int(w, "status")), Output.Time(w, "nextTriggerTime"),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var workflowId = new Argument<long>("workflowId") { Description = "The workflow's id" };
        var initParams = new Option<string?>("--init-params") { Description = "Put in the workflow context under 'initParams'" };
        var delay = new Option<long?>("--delay") { Description = "Start after this many milliseconds", HelpName = "ms" };
        var command = new Command("run", "Run a workflow now (prints the workflow instance id)") { appId, workflowId, initParams, delay };
        binder.Bind(command, async (s, ct) =>
        {
            var id = await s.Api.PostFormAsync("/openApi/runWorkflow", ct, ("appId", s.Get(appId)), ("workflowId", s.Get(workflowId)),
                ("initParams", s.Get(initParams)), ("delay", s.Get(delay)));
            s.Out.Render(id, () => s.Out.Line(id.GetRawText()));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Instance(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var wfInstanceId = new Argument<long>("wfInstanceId") { Description = "The workflow instance's id" };
        var command = new Command("instance", "Show a workflow instance: status, context and each node's run") { appId, wfInstanceId };
        binder.Bind(command, async (s, ct) =>
        {
            var i = await s.Api.PostFormAsync("/openApi/fetchWfInstanceInfo", ct, ("appId", s.Get(appId)), ("wfInstanceId", s.Get(wfInstanceId)));
            s.Out.Render(i, () =>
            {
                s.Out.Fields([
                    ("workflow instance", Output.Text(i, "wfInstanceId")), ("workflow", Output.Text(i, "workflowId")),
                    ("status", Output.Text(i, "statusName")), ("result", Output.Text(i, "result")), ("context", Output.Text(i, "wfContext")),
                    ("started", Output.Time(i, "actualTriggerTime")), ("finished", Output.Time(i, "finishedTime")),
                ]);
                Dag(s.Out, i.GetProperty("dag"));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command MarkSuccess(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var wfInstanceId = new Argument<long>("wfInstanceId") { Description = "The workflow instance's id" };
        var nodeId = new Argument<long>("nodeId") { Description = "The failed node's id" };
        var command = new Command("mark-success", "Mark a failed or stopped node of a workflow instance as succeeded") { appId, wfInstanceId, nodeId };
        binder.Bind(command, async (s, ct) =>
        {
            var reply = await s.Api.PostFormAsync("/openApi/markWorkflowNodeAsSuccess", ct, ("appId", s.Get(appId)),
                ("wfInstanceId", s.Get(wfInstanceId)), ("nodeId", s.Get(nodeId)));
            s.Out.Render(reply, () => s.Out.Line($"workflow instance {s.Get(wfInstanceId)}: node {s.Get(nodeId)} marked as success"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Act(CommandBinder binder, string name, string endpoint, string idField, string description, string? done)
    {
        var appId = CommonOptions.AppId();
        var id = new Argument<long>(idField) { Description = idField == "workflowId" ? "The workflow's id" : "The workflow instance's id" };
        var command = new Command(name, description) { appId, id };
        binder.Bind(command, async (s, ct) =>
        {
            var reply = await s.Api.PostFormAsync($"/openApi/{endpoint}", ct, ("appId", s.Get(appId)), (idField, s.Get(id)));
            var what = idField == "workflowId" ? "workflow" : "workflow instance";
            s.Out.Render(reply, () => s.Out.Line(done is null ? reply.GetRawText() : $"{what} {s.Get(id)} {done}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The nodes (with each one's run, for an instance) and the edges.</summary>
    private static void Dag(Output output, JsonElement dag)
    {
        output.Line("nodes:");
        output.Table(["NODE", "NAME", "JOB", "PARAMS", "ENABLED", "SKIP WHEN FAILED", "STATUS", "INSTANCE", "RESULT"],
            dag.GetProperty("nodes").EnumerateArray().Select(n => new[]
            {
                Output.Text(n, "nodeId"), Output.Text(n, "nodeName"), Output.Text(n, "jobId"), Output.Shorten(Output.Text(n, "nodeParams")),
                Output.Text(n, "enable"), Output.Text(n, "skipWhenFailed"),
                Output.Int(n, "status") is { } status ? PowerJobCodes.InstanceStatus(status) : null, Output.Text(n, "instanceId"),
                Output.Shorten(Output.Text(n, "result")),
            }), indent: "  ");
        output.Line("edges: " + string.Join(", ", dag.GetProperty("edges").EnumerateArray()
            .Select(e => $"{Output.Text(e, "from")} -> {Output.Text(e, "to")}")));
    }
}
