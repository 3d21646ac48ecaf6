using System.Reflection;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// The store's seam for a failing write: wraps the real store (every call goes through to it) and fails the calls a
/// test arms, as the database would (an exception from the write). A <see cref="DispatchProxy"/>, so it follows the
/// interface as it grows.
/// </summary>
public class FaultyStore : DispatchProxy
{
    private readonly Lock _lock = new();
    private readonly List<(Func<string, object?[], bool> Matches, int Times)> _armed = [];
    private readonly Dictionary<string, Task> _held = new(StringComparer.Ordinal);
    private IPowerJobStore _inner = null!;

    /// <summary>Calls made, by method name, with whether each was failed.</summary>
    public List<(string Method, object?[] Args, bool Failed)> Calls { get; } = [];

    /// <summary>A copy of <see cref="Calls"/>, safe to read while the server goes on calling.</summary>
    public IReadOnlyList<(string Method, object?[] Args, bool Failed)> Snapshot()
    {
        lock (_lock) return Calls.ToList();
    }

    public static (IPowerJobStore Store, FaultyStore Faults) Wrap(IPowerJobStore inner)
    {
        var store = Create<IPowerJobStore, FaultyStore>();
        var faults = (FaultyStore)(object)store;
        faults._inner = inner;
        return (store, faults);
    }

    /// <summary>Fails the next <paramref name="times"/> calls that <paramref name="matches"/> (method name, arguments).</summary>
    public void FailNext(Func<string, object?[], bool> matches, int times = 1)
    {
        lock (_lock) _armed.Add((matches, times));
    }

    /// <summary>
    /// Holds calls of <paramref name="method"/> (one returning a plain <see cref="Task"/>) until the returned gate is
    /// set: the store as a slow database, so what queues up in front of it can be seen.
    /// </summary>
    public TaskCompletionSource Hold(string method)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) _held[method] = gate.Task;
        return gate;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        args ??= [];
        var fail = false;
        Task? held;
        lock (_lock)
        {
            _held.TryGetValue(method!.Name, out held);
            for (var i = 0; i < _armed.Count; i++)
            {
                if (!_armed[i].Matches(method!.Name, args)) continue;
                fail = true;
                _armed[i] = (_armed[i].Matches, _armed[i].Times - 1);
                if (_armed[i].Times == 0) _armed.RemoveAt(i);
                break;
            }
            Calls.Add((method!.Name, args, fail));
        }
        if (!fail && held is not null && method!.ReturnType == typeof(Task))
            return held.ContinueWith(_ => (Task)method.Invoke(_inner, args)!, TaskScheduler.Default).Unwrap();
        if (!fail) return method!.Invoke(_inner, args);
        var error = new InvalidOperationException($"injected store failure in {method!.Name}");
        var returnType = method.ReturnType;
        if (returnType == typeof(Task)) return Task.FromException(error);
        var fromException = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
            .MakeGenericMethod(returnType.GetGenericArguments()[0]);
        return fromException.Invoke(null, [error]);
    }
}
