using System.Globalization;
using Dapper;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// CPU the PostgreSQL backends serving one run's nodes spent over an interval, read from /proc for the backends whose
/// application name carries the run's prefix. The database's work is outside the benchmark's process, so its CPU
/// would otherwise be missing from the comparison. Only possible when PostgreSQL runs on this machine; otherwise
/// (or for a backend that closed in between) the figure is missing or a lower bound.
/// </summary>
public sealed class PostgresBackendMeter
{
    // USER_HZ, the unit of utime and stime in /proc/PID/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly PostgresBenchDatabase _database;
    private Dictionary<int, long> _atStart = [];
    private long _startedAt;

    private PostgresBackendMeter(PostgresBenchDatabase database) => _database = database;

    public static async Task<PostgresBackendMeter> StartAsync(PostgresBenchDatabase database)
    {
        var meter = new PostgresBackendMeter(database);
        meter._atStart = await meter.SampleAsync();
        meter._startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        return meter;
    }

    /// <summary>The backends' CPU as % of one core over the interval, or NaN when /proc showed none of them.</summary>
    public async Task<double> StopAsync()
    {
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt);
        var atEnd = await SampleAsync();
        if (atEnd.Count == 0) return double.NaN;
        var ticks = atEnd.Sum(b => b.Value - _atStart.GetValueOrDefault(b.Key));
        return Math.Round(100 * ticks / TicksPerSecond / wall.TotalSeconds, 1);
    }

    private async Task<Dictionary<int, long>> SampleAsync()
    {
        await using var reader = await _database.OpenReaderAsync();
        var pids = await reader.QueryAsync<int>("SELECT pid FROM pg_stat_activity WHERE application_name LIKE @prefix",
            new { prefix = _database.ApplicationPrefix + "%" });
        var ticks = new Dictionary<int, long>();
        foreach (var pid in pids)
            if (CpuTicks(pid) is { } t) ticks[pid] = t;
        return ticks;
    }

    private static long? CpuTicks(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
