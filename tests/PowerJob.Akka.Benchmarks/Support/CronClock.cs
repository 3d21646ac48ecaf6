namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>The measuring window of a CRON run, the way part 2 takes it: on a whole second, after the jobs have settled.</summary>
public static class CronClock
{
    public static async Task<(DateTimeOffset From, DateTimeOffset To)> WindowAsync(BenchSettings s)
    {
        var settled = DateTimeOffset.UtcNow + s.CronSettle;
        var from = new DateTimeOffset(settled.Ticks - settled.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        await WaitUntilAsync(from);
        return (from, from + s.CronWindow);
    }

    public static async Task WaitUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }
}
