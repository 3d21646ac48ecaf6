using System.CommandLine;
using System.Text.Json;

namespace PowerJob.Akka.Cli.Commands;

/// <summary><c>workers</c>, <c>ports</c>, <c>cluster</c>, <c>health</c>: what a server sees of its workers, itself and its cluster.</summary>
public static class SystemCommands
{
    public static Command Workers(CommandBinder binder)
    {
        var appId = CommonOptions.AppId();
        var command = new Command("workers", "List the app's workers as the server knows them from their heartbeats") { appId };
        binder.Bind(command, async (s, ct) =>
        {
            var workers = await s.Api.GetEnvelopeAsync($"/openApi/fetchWorkers?appId={s.Get(appId)}", ct);
            s.Out.Render(workers, () => s.Out.Table(
                ["ADDRESS", "PROTOCOL", "VERSION", "ALIVE", "LAST HEARTBEAT", "VERSION WARNING"],
                workers.EnumerateArray().Select(w => new[]
                {
                    Output.Text(w, "address"), Output.Text(w, "protocol"), Output.Text(w, "version"),
                    Output.Text(w, "alive") == "true" ? "yes" : "no", Output.Time(w, "lastHeartbeat"), Output.Text(w, "versionWarning"),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Ports(CommandBinder binder)
    {
        var command = new Command("ports", "List every port the server bound: protocol, purpose and who must reach it");
        binder.Bind(command, async (s, ct) =>
        {
            var ports = await s.Api.GetJsonAsync("/system/ports", ct);
            s.Out.Render(ports, () => s.Out.Table(
                ["PURPOSE", "PROTOCOL", "BIND", "ADVERTISED", "OPEN TO"],
                ports.EnumerateArray().Select(p => new[]
                {
                    Output.Text(p, "purpose"), Output.Text(p, "protocol"), $"{Output.Text(p, "bindHost")}:{Output.Text(p, "port")}",
                    Output.Text(p, "advertisedAddress"), Output.Text(p, "openTo"),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Cluster(CommandBinder binder)
    {
        var command = new Command("cluster", "Show the server cluster's members and which apps each owns");
        binder.Bind(command, async (s, ct) =>
        {
            var cluster = await s.Api.GetJsonAsync("/system/cluster", ct);
            s.Out.Render(cluster, () =>
            {
                s.Out.Line($"self: {Output.Text(cluster, "self")}");
                var members = cluster.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
                s.Out.Table(["MEMBER", "STATUS", "REACHABLE", "WEB", "ROLES", "APPS"], members.Select(member => new[]
                {
                    Output.Text(member, "address"), Output.Text(member, "status"), Output.Text(member, "reachable") == "true" ? "yes" : "no",
                    Output.Text(member, "web"), Output.Text(member, "roles"), Output.Text(member, "apps"),
                }));
                if (Output.Text(cluster, "unowned") is { Length: > 0 } unowned) s.Out.Line($"unowned apps: {unowned}");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Health(CommandBinder binder)
    {
        var command = new Command("health", "Show the server's health; exits 0 only when it is UP");
        binder.Bind(command, async (s, ct) =>
        {
            var health = await s.Api.GetJsonAsync("/health", ct, alsoAccept: 503);
            var status = Output.Text(health, "status");
            s.Out.Render(health, () => s.Out.Fields([
                ("status", status),
                ("version", Output.Text(health, "version")),
                ("cluster member", Output.Text(health, "clusterMember")),
                ("store", health.TryGetProperty("store", out var store) ? $"{Output.Text(store, "status")} {Output.Text(store, "error")}".Trim() : ""),
            ]));
            return status == "UP" ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
