using System.Text.Json;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>What every fault scenario asserts at its end: every instance ends, none is stored twice, no result is overwritten.</summary>
public static class FaultInvariants
{
    /// <summary>
    /// Waits until every instance of the app is final, then checks each: exactly one final transition, and it is the
    /// last one (a final status is never followed by another, so no result was overwritten); timed instances: at most
    /// one per job and due time. Returns the instances.
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
            var transitions = info.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("status").GetInt32()).ToList();
            var finals = transitions.Count(FaultApi.FinalStatuses.Contains);
            Assert.True(finals == 1 && FaultApi.FinalStatuses.Contains(transitions[^1]) && transitions[^1] == FaultApi.Status(info),
                $"instance {id}: expected exactly one final transition, last, matching its status {FaultApi.Status(info)}; transitions {string.Join(",", transitions)}\n{context()}");
        }
        return instances;
    }
}
