using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// What one instance write costs on the SQLite store, and what it would cost with several writes per transaction:
/// the store's own <see cref="IPowerJobStore.UpdateInstanceAsync"/> one after another (its own transaction each), then
/// the same statements (UPDATE instance_info + INSERT instance_transition) many to a transaction on one connection.
/// Run after the measurement, against instances it finished.
/// </summary>
public static class StoreWriteCost
{
    public sealed record Result(int Writes, double StoreCallMs, double GroupedMs, int GroupSize)
    {
        public double StoreWritesPerSecond => Math.Round(1000 / StoreCallMs, 0);
        public double GroupedWritesPerSecond => Math.Round(1000 / GroupedMs, 0);
    }

    public static async Task<Result> MeasureAsync(IPowerJobStore store, string connectionString, IReadOnlyList<long> instanceIds, int writes)
    {
        var ids = instanceIds.Order().Take(writes).ToList();
        var records = new List<InstanceRecord>();
        foreach (var id in ids) records.Add(await store.FindInstanceAsync(id) ?? throw new InvalidOperationException($"instance {id} is gone"));

        var started = Stopwatch.GetTimestamp();
        foreach (var record in records)
            if (!await store.UpdateInstanceAsync(record with { UpdatedAt = DateTimeOffset.UtcNow }, record.Status, record.Attempt, "bench: write cost"))
                throw new InvalidOperationException($"instance {record.InstanceId} was not updated");
        var storeCallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / records.Count;

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;");
        const int groupSize = 100;
        started = Stopwatch.GetTimestamp();
        foreach (var group in records.Chunk(groupSize))
        {
            await using var tx = await connection.BeginTransactionAsync();
            foreach (var record in group)
            {
                var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await connection.ExecuteAsync("UPDATE instance_info SET updated_at = @at WHERE instance_id = @id AND status = @status AND attempt = @attempt",
                    new { at, id = record.InstanceId, status = (int)record.Status, attempt = record.Attempt }, tx);
                await connection.ExecuteAsync("INSERT INTO instance_transition (instance_id, status, changed_at, note) VALUES (@id, @status, @at, @note)",
                    new { id = record.InstanceId, status = (int)record.Status, at, note = "bench: grouped write cost" }, tx);
            }
            await tx.CommitAsync();
        }
        var groupedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / records.Count;
        return new Result(records.Count, Math.Round(storeCallMs, 3), Math.Round(groupedMs, 3), groupSize);
    }
}
