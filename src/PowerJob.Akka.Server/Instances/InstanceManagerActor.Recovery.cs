using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Instances;

/// <summary>
/// Picking up the app's active instances from the store: at start (the entity started here, maybe taking the app over)
/// and periodically, so an instance whose fire or dispatch was lost in a hand-over (or a crash) is tracked again
/// instead of waiting forever.
/// </summary>
public sealed partial class InstanceManagerActor
{
    private void StartRecovery()
    {
        var known = _active.Keys.Concat(_finished.Keys).ToHashSet();
        RecoverAsync(known).PipeTo(Self);
    }

    private async Task<Recovered> RecoverAsync(IReadOnlySet<long> known)
    {
        var recovered = new List<TrackedInstance>();
        var appId = _settings.Owner.AppId;
        foreach (var instance in await _store.ListActiveInstancesAsync(appId))
        {
            if (known.Contains(instance.InstanceId)) continue;
            var job = await _store.FindJobAsync(instance.JobId) ?? new JobRecord { Id = instance.JobId, AppId = appId };
            recovered.Add(new TrackedInstance(instance, job, _settings.AppName));
        }
        return new Recovered(recovered);
    }

    private void HandleRecovered(Recovered recovered)
    {
        var resumed = 0;
        foreach (var t in recovered.Instances.Where(t => !IsKnown(t.Id)))
        {
            Resume(t);
            resumed++;
        }
        if (resumed > 0) _log.Info("resumed tracking {0} active instances from the store", resumed);
    }

    /// <summary>Tracks an instance found in the store, with the timers its status needs.</summary>
    private void Resume(TrackedInstance t)
    {
        Track(t);
        var now = _time.GetUtcNow();
        if (t.Current.Status == InstanceStatus.WaitingDispatch)
        {
            var wait = t.Current.ExpectedTriggerTime is { } due && due > now ? due - now : TimeSpan.Zero;
            Timers.StartSingleTimer(Key("due", t.Id), new DispatchDue(t.Id), wait);
            return;
        }
        ExpectReport(t, afterTakeOver: true);
        if (t.Job.InstanceTimeLimitMs > 0 && t.Current.ActualTriggerTime is { } started)
        {
            var left = started + TimeSpan.FromMilliseconds(t.Job.InstanceTimeLimitMs) - now;
            AddDeadline(t, DeadlineKind.Limit, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }
}
