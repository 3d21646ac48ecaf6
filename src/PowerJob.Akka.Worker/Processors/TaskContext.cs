using System.Text.Json;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Serialization;

namespace PowerJob.Akka.Worker.Processors;

/// <summary>Everything a processor gets about the task it runs.</summary>
public sealed class TaskContext
{
    /// <summary>Name of the task the instance starts with; PowerJob's <c>OMS_ROOT_TASK</c>.</summary>
    public const string RootTaskName = "OMS_ROOT_TASK";
    /// <summary>Name of the reduce / post-process task; PowerJob's <c>OMS_LAST_TASK</c>.</summary>
    public const string LastTaskName = "OMS_LAST_TASK";
    private const int MapBatchSize = 1000;

    private readonly Func<ProcessorMapTaskRequest, Task>? _map;
    private int _mapped;

    /// <summary>A context for calling a processor outside a worker, e.g. in its unit tests; <see cref="MapAsync{T}"/> is unavailable.</summary>
    public TaskContext() : this(null) { }

    internal TaskContext(Func<ProcessorMapTaskRequest, Task>? map) => _map = map;

    public long InstanceId { get; init; }
    public long JobId { get; init; }
    public string TaskId { get; init; } = "";
    public string TaskName { get; init; } = "";
    public string? JobParams { get; init; }
    public string? InstanceParams { get; init; }
    /// <summary>The sub-task's payload as JSON (what <see cref="MapAsync{T}"/> serialized); null for the root task.</summary>
    public string? SubTaskContent { get; init; }
    /// <summary>How many times this task has been retried before this run.</summary>
    public int CurrentRetryTimes { get; init; }
    public int MaxRetryTimes { get; init; }
    /// <summary>The address of the worker running this task.</summary>
    public string WorkerAddress { get; init; } = "";
    public IOmsLogger Log { get; init; } = NullOmsLogger.Instance;
    /// <summary>Canceled when the server stops the instance or it times out; honour it to stop within a second.</summary>
    public CancellationToken CancellationToken { get; init; }

    public bool IsRootTask => TaskName == RootTaskName;

    /// <summary>The workflow instance this task runs a node of; null outside a workflow.</summary>
    public long? WfInstanceId { get; init; }

    /// <summary>The workflow context as the node started: what earlier nodes (and <c>initParams</c>) put in it. Empty outside a workflow.</summary>
    public IReadOnlyDictionary<string, string> WorkflowContext { get; init; } = NoContext;

    /// <summary>
    /// Adds <paramref name="key"/> to the workflow context for the nodes after this one (PowerJob's
    /// <c>WorkflowContext.appendData2WfContext</c>); it travels back with the instance's final report. At most
    /// <see cref="MaxAppendedLength"/> characters of keys and values per task; past it this throws.
    /// </summary>
    public void AppendData2WfContext(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (WfInstanceId is null) throw new InvalidOperationException("AppendData2WfContext: this task does not run in a workflow");
        lock (_appended)
        {
            var length = _appended.Where(p => p.Key != key).Sum(p => p.Key.Length + p.Value.Length) + key.Length + value.Length;
            if (length > MaxAppendedLength)
                throw new InvalidOperationException(
                    $"AppendData2WfContext('{key}'): the appended workflow context would be {length} characters; at most {MaxAppendedLength} are allowed");
            _appended[key] = value;
        }
    }

    /// <summary>PowerJob's <c>max-appended-wf-context-length</c> default.</summary>
    public const int MaxAppendedLength = 8192;

    internal static readonly IReadOnlyDictionary<string, string> NoContext = new Dictionary<string, string>();

    private readonly Dictionary<string, string> _appended = new(StringComparer.Ordinal);

    internal IReadOnlyDictionary<string, string>? AppendedWfContext
    {
        get
        {
            lock (_appended) return _appended.Count == 0 ? null : new Dictionary<string, string>(_appended);
        }
    }

    /// <summary>A node's instance params are the workflow context: a JSON object of strings.</summary>
    internal static IReadOnlyDictionary<string, string> ReadWorkflowContext(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return NoContext;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json, WireJson.Options) ?? (IReadOnlyDictionary<string, string>)NoContext;
        }
        catch (JsonException)
        {
            return NoContext;
        }
    }

    public T? GetSubTask<T>() =>
        SubTaskContent is null ? default : JsonSerializer.Deserialize<T>(SubTaskContent, WireJson.Options);

    /// <summary>
    /// Creates sub-tasks named <paramref name="taskName"/>, each payload serialized as JSON (with <c>T = object</c>, by its
    /// runtime type); returns once the task tracker has them all. Read a payload back with <see cref="GetSubTask{T}"/>.
    /// </summary>
    public Task MapAsync<T>(IEnumerable<T> subTasks, string taskName) =>
        MapContentsAsync(subTasks.Select(t => JsonSerializer.Serialize(t, WireJson.Options)), taskName);

    private async Task MapContentsAsync(IEnumerable<string> contents, string taskName)
    {
        if (_map is null) throw new InvalidOperationException("MapAsync is only available to MAP and MAP_REDUCE processors while a task runs");
        if (string.IsNullOrWhiteSpace(taskName) || taskName is RootTaskName or LastTaskName)
            throw new ArgumentException($"'{taskName}' cannot name sub-tasks; {RootTaskName} and {LastTaskName} are reserved", nameof(taskName));
        foreach (var batch in contents.Chunk(MapBatchSize))
        {
            CancellationToken.ThrowIfCancellationRequested();
            var subTasks = batch.Select(content => new SubTask($"{TaskId}.{Interlocked.Increment(ref _mapped)}", content)).ToList();
            await _map(new ProcessorMapTaskRequest { InstanceId = InstanceId, TaskName = taskName, SubTasks = subTasks });
        }
    }
}

internal sealed class NullOmsLogger : IOmsLogger
{
    public static readonly NullOmsLogger Instance = new();
    public void Debug(string message) { }
    public void Info(string message) { }
    public void Warn(string message) { }
    public void Error(string message) { }
}
