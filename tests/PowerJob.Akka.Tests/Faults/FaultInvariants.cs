using System.Text.Json;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>What every fault scenario asserts at its end: every instance ends, none is stored twice, no result is overwritten.</summary>
public static class FaultInvariants
{
    /// <summary>
    /// Waits until every instance of the app is final, then checks each: its last transition is its final status, and
    /// no final status is followed by another transition but a user's retry (no result overwritten); timed instances:
    /// at most one per job and due time (none stored twice). Returns the instances.
    /// </summary>
    public static async Task<List<JsonElement>> AssertAllSettledAsync(FaultApi api, long appId, TimeSpan timeout, Func<string> context,
        int? expectedCount = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        List<JsonElement> instances;
        while (true)
        {
            instances = await api.InstancesAsync(appId);
            var active = instances.Where(i => !FaultApi.IsFinal(i)).ToList();
            if (active.Count == 0) break;
            if (cts.IsCancellationRequested)
                Assert.Fail($"{active.Count} instance(s) still active after {timeout.TotalSeconds} s: " +
                            string.Join("; ", active.Take(10).Select(i => $"{i.GetProperty("instanceId")} status {FaultApi.Status(i)}")) + "\n" + context());
            await Task.Delay(200);
        }
        if (expectedCount is { } count) Assert.True(instances.Count == count, $"expected {count} instances, found {instances.Count}\n{context()}");

        var duplicates = instances.Where(i => i.GetProperty("expectedTriggerTime").ValueKind == JsonValueKind.Number)
            .GroupBy(i => (Job: i.GetProperty("jobId").GetInt64(), Due: i.GetProperty("expectedTriggerTime").GetInt64()))
            .Where(g => g.Count() > 1).ToList();
        Assert.True(duplicates.Count == 0, "stored twice (job, due time): " + string.Join(", ", duplicates.Select(d => d.Key)) + "\n" + context());

        foreach (var summary in instances)
        {
            var id = summary.GetProperty("instanceId").GetInt64();
            var info = await api.InstanceAsync(appId, id);
            var transitions = info.GetProperty("transitions").EnumerateArray()
                .Select(t => (Status: t.GetProperty("status").GetInt32(), Note: t.TryGetProperty("note", out var n) ? n.GetString() : null)).ToList();
            // A final status is the last transition, unless a user asked for a retry right after it.
            var overwritten = transitions.Where((t, i) => FaultApi.FinalStatuses.Contains(t.Status) && i < transitions.Count - 1
                && !(transitions[i + 1].Status == 1 && transitions[i + 1].Note?.Contains("retry", StringComparison.OrdinalIgnoreCase) == true)).ToList();
            Assert.True(overwritten.Count == 0 && transitions.Count > 0 && transitions[^1].Status == FaultApi.Status(info),
                $"instance {id}: a final status followed by another, or a last transition not matching its status {FaultApi.Status(info)}: " +
                $"{string.Join(", ", transitions.Select(t => $"{t.Status} ({t.Note})"))}\n{context()}");
        }
        return instances;
    }
}
