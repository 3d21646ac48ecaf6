using PowerJob.Akka.Worker.Processors;

namespace PowerJob.Akka.Worker.Execution;

internal enum TrackedTaskState
{
    Pending,
    Dispatched,
    Succeeded,
    Failed,
}

internal sealed class TrackedTask(string id, string name, string? content, string? fixedWorker)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string? Content { get; } = content;
    /// <summary>Root, last and broadcast tasks run on one given worker; sub-tasks go wherever there is room.</summary>
    public string? FixedWorker { get; } = fixedWorker;
    public TrackedTaskState State { get; set; }
    public int Retries { get; set; }
    public int DispatchFailures { get; set; }
    /// <summary>Bumped on every dispatch, so the outcome of an earlier one is recognised as stale.</summary>
    public int Generation { get; set; }
    public string? Worker { get; set; }
    public string? LastFailedOn { get; set; }
    /// <summary>Workers it was taken back from when they were lost; their late results for it are ignored.</summary>
    public HashSet<string>? LostOn { get; set; }
    public string? Result { get; set; }
    public bool IsFinal => State is TrackedTaskState.Succeeded or TrackedTaskState.Failed;

    public TaskResult ToResult() => new(Id, Name, State == TrackedTaskState.Succeeded, Result);
}

/// <summary>
/// A task tracker's tasks, in memory: what is waiting, where each dispatched task went, and the counts. Sub-tasks go
/// round-robin over the workers with at most <c>window</c> outstanding per worker; a retried sub-task prefers a
/// worker other than the one it failed on; a worker that could not be reached is skipped for a while. A worker silent
/// for too long is lost: its unfinished tasks wait again (not a retry), and it gets no more until it is heard from.
/// </summary>
internal sealed class TaskTable(IReadOnlyList<string> workers, int window, int maxRetries, TimeProvider time)
{
    private const int MaxDispatchFailuresOfFixedTask = 3;
    private static readonly TimeSpan UnreachableFor = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, TrackedTask> _tasks = new();
    private readonly Queue<TrackedTask> _floating = new();
    private readonly List<TrackedTask> _fixed = [];
    private readonly Dictionary<string, int> _inFlight = new(workers.Count);
    private readonly Dictionary<string, DateTimeOffset> _unreachableUntil = new();
    private readonly Dictionary<string, DateTimeOffset> _lastHeard = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _lost = new(StringComparer.OrdinalIgnoreCase);
    private int _next;

    public int Total => _tasks.Count;
    public int Succeeded { get; private set; }
    public int Failed { get; private set; }
    public int Open => Total - Succeeded - Failed;
    public IReadOnlyList<string> Workers => workers;

    public TrackedTask? Get(string id) => _tasks.GetValueOrDefault(id);

    /// <summary>Results of every task but the root and the last, in the order they were created.</summary>
    public IReadOnlyList<TaskResult> SubTaskResults() => _tasks.Values
        .Where(t => t.Name is not (TaskContext.RootTaskName or TaskContext.LastTaskName))
        .Select(t => t.ToResult()).ToList();

    public bool Add(string id, string name, string? content, string? fixedWorker = null)
    {
        if (_tasks.ContainsKey(id)) return false;
        var task = new TrackedTask(id, name, content, fixedWorker);
        _tasks.Add(id, task);
        Enqueue(task);
        return true;
    }

    /// <summary>Takes the tasks that can go out now and marks them dispatched to the worker chosen for each.</summary>
    public List<TrackedTask> TakeDispatchable()
    {
        var now = time.GetUtcNow();
        var taken = new List<TrackedTask>();
        for (var i = _fixed.Count - 1; i >= 0; i--)
        {
            var task = _fixed[i];
            if (task.State != TrackedTaskState.Pending) _fixed.RemoveAt(i);
            else if (!IsUnreachable(task.FixedWorker!, now))
            {
                _fixed.RemoveAt(i);
                taken.Add(MarkDispatched(task, task.FixedWorker!));
            }
        }
        while (_floating.TryPeek(out var next))
        {
            if (next.State != TrackedTaskState.Pending)
            {
                _floating.Dequeue();
                continue;
            }
            if (PickWorker(next.LastFailedOn, now) is not { } worker) break;
            taken.Add(MarkDispatched(_floating.Dequeue(), worker));
        }
        return taken;
    }

    /// <summary>A dispatch was not acknowledged: the task waits again, and the worker is skipped for a while.</summary>
    public void DispatchFailed(string taskId, string worker, int generation, bool workerIsSelf, string error)
    {
        if (Get(taskId) is not { State: TrackedTaskState.Dispatched } task || task.Generation != generation) return;
        Release(worker);
        if (!workerIsSelf) _unreachableUntil[worker] = time.GetUtcNow() + UnreachableFor;
        task.State = TrackedTaskState.Pending;
        if (task.FixedWorker is not null && ++task.DispatchFailures >= MaxDispatchFailuresOfFixedTask)
            Finish(task, false, $"worker {worker} could not be reached: {error}");
        else Enqueue(task);
    }

    /// <summary>Applies a task's outcome; a failed task is retried while it has retries left. False if the report was stale.</summary>
    public bool Report(string taskId, bool success, string? result, string? reportedBy)
    {
        if (Get(taskId) is not { IsFinal: false } task) return false;
        if (reportedBy is not null && task.LostOn?.Contains(reportedBy) == true) return false;
        if (task.State == TrackedTaskState.Pending && !success) return false;
        if (task.State == TrackedTaskState.Dispatched) Release(task.Worker!);
        if (success || task.Retries >= maxRetries)
        {
            Finish(task, success, result);
            return true;
        }
        task.Retries++;
        task.LastFailedOn = reportedBy ?? task.Worker;
        task.State = TrackedTaskState.Pending;
        task.Result = result;
        Enqueue(task);
        return true;
    }

    /// <summary>A sign of life from a worker. True if it had been taken as lost.</summary>
    public bool Heard(string worker)
    {
        _lastHeard[worker] = time.GetUtcNow();
        return _lost.Remove(worker);
    }

    public bool IsLost(string worker) => _lost.Contains(worker);

    /// <summary>
    /// Takes every worker holding tasks that has not been heard from for longer than <paramref name="silence"/> as lost:
    /// its sub-tasks wait again without using a retry, a task fixed to it fails. Returns each lost worker and how many
    /// tasks it held.
    /// </summary>
    public List<(string Worker, int Tasks)> ReclaimFromSilentWorkers(TimeSpan silence, Func<string, bool> isSelf)
    {
        var now = time.GetUtcNow();
        var silent = _inFlight.Where(w => w.Value > 0 && !isSelf(w.Key) && now - _lastHeard.GetValueOrDefault(w.Key, now) > silence)
            .Select(w => w.Key).ToList();
        var lost = new List<(string, int)>();
        foreach (var worker in silent)
        {
            var held = _tasks.Values.Where(t => t.State == TrackedTaskState.Dispatched && t.Worker == worker).ToList();
            foreach (var task in held)
            {
                (task.LostOn ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(worker);
                task.State = TrackedTaskState.Pending;
                if (task.FixedWorker is not null) Finish(task, false, $"worker {worker} was lost: silent for over {silence.TotalSeconds} s");
                else Enqueue(task);
            }
            _inFlight[worker] = 0;
            _lost.Add(worker);
            lost.Add((worker, held.Count));
        }
        return lost;
    }

    private void Finish(TrackedTask task, bool success, string? result)
    {
        task.State = success ? TrackedTaskState.Succeeded : TrackedTaskState.Failed;
        task.Result = result;
        if (success) Succeeded++;
        else Failed++;
    }

    private void Enqueue(TrackedTask task)
    {
        if (task.FixedWorker is null) _floating.Enqueue(task);
        else _fixed.Add(task);
    }

    private TrackedTask MarkDispatched(TrackedTask task, string worker)
    {
        // A worker's silence counts from when it was given work, not from when it last reported on earlier work.
        if (_inFlight.GetValueOrDefault(worker) == 0) _lastHeard[worker] = time.GetUtcNow();
        task.State = TrackedTaskState.Dispatched;
        task.Worker = worker;
        task.Generation++;
        task.LostOn?.Remove(worker);
        _inFlight[worker] = _inFlight.GetValueOrDefault(worker) + 1;
        return task;
    }

    private void Release(string worker) => _inFlight[worker] = Math.Max(0, _inFlight.GetValueOrDefault(worker) - 1);

    private bool IsUnreachable(string worker, DateTimeOffset now) =>
        _unreachableUntil.TryGetValue(worker, out var until) && until > now;

    private string? PickWorker(string? avoid, DateTimeOffset now)
    {
        string? fallback = null;
        for (var i = 0; i < workers.Count; i++)
        {
            var index = (_next + i) % workers.Count;
            var worker = workers[index];
            if (_inFlight.GetValueOrDefault(worker) >= window || IsUnreachable(worker, now) || _lost.Contains(worker)) continue;
            if (worker == avoid && workers.Count > 1)
            {
                fallback ??= worker;
                continue;
            }
            _next = index + 1;
            return worker;
        }
        return fallback;
    }
}
