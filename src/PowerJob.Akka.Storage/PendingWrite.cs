using System.Data.Common;

namespace PowerJob.Akka.Storage;

/// <summary>A write waiting in <see cref="BatchWriter"/>'s queue, with the task its caller awaits.</summary>
internal abstract class PendingWrite
{
    /// <summary>The caller stopped waiting (its token was cancelled), or the write can no longer run.</summary>
    public abstract bool Finished { get; }

    /// <summary>
    /// Runs the write; its outcome is held back until <see cref="Complete"/>. A write runs again, from the start, when
    /// another write of its batch failed and the batch was rolled back to run with savepoints.
    /// </summary>
    public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

    /// <summary>The write failed and was rolled back on its own; the caller learns so at <see cref="Complete"/>.</summary>
    public abstract void Reject(Exception exception);

    /// <summary>After the commit: hands the caller its result, or the exception of a rejected write.</summary>
    public abstract void Complete();

    /// <summary>The write's transaction did not commit (or it never ran).</summary>
    public abstract void Fail(Exception exception);
}

internal sealed class PendingWrite<T> : PendingWrite
{
    private readonly StoreWrite<T> _write;
    private readonly TaskCompletionSource<T> _caller = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private T? _result;
    private Exception? _rejection;

    public PendingWrite(StoreWrite<T> write, CancellationToken cancellationToken)
    {
        _write = write;
        _cancellation = cancellationToken.Register(
            static (caller, token) => ((TaskCompletionSource<T>)caller!).TrySetCanceled(token), _caller);
    }

    public Task<T> Task => _caller.Task;

    public override bool Finished => _caller.Task.IsCompleted;

    // A write that has started runs to completion whatever its caller's token says: stopping it halfway would leave
    // the batch's transaction to be sorted out statement by statement.
    public override async Task RunAsync(DbConnection connection, DbTransaction transaction) =>
        _result = await _write(connection, transaction, CancellationToken.None).ConfigureAwait(false);

    public override void Reject(Exception exception) => _rejection = exception;

    public override void Complete()
    {
        if (_rejection is null) _caller.TrySetResult(_result!);
        else _caller.TrySetException(_rejection);
        _cancellation.Dispose();
    }

    public override void Fail(Exception exception)
    {
        _caller.TrySetException(_rejection ?? exception);
        _cancellation.Dispose();
    }
}
