using System.Runtime;

namespace PowerJob.Akka.Benchmarks.Support;

/// <summary>
/// Warms a system up in rounds until the JIT has gone quiet: a round in which fewer than <see cref="QuietMethods"/>
/// methods were compiled (or <paramref name="maxRounds"/> rounds). A server's hot path spans thousands of methods, each
/// compiled again, optimised, only after its calls are counted; on 2 busy cores that takes many seconds, and a fixed
/// warm-up left the JIT compiling a sixth of the CPU time of the measured run.
/// </summary>
public static class JitWarmup
{
    public const int QuietMethods = 50;

    public sealed record Result(int Rounds, int Instances, long MethodsInLastRound);

    public static async Task<Result> RunAsync(int perRound, int maxRounds, Func<int, Task> round)
    {
        for (var i = 1; ; i++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round(i);
            var compiled = JitInfo.GetCompiledMethodCount() - before;
            if (compiled < QuietMethods || i >= maxRounds) return new Result(i, i * perRound, compiled);
        }
    }
}
