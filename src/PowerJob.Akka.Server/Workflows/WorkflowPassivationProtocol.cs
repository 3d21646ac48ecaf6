namespace PowerJob.Akka.Server.Workflows;

/// <summary>
/// A workflow instance actor with nothing left to do asks its manager to stop it, instead of stopping itself: a command
/// the manager forwarded meanwhile would otherwise reach a stopped actor and go unanswered.
/// </summary>
internal sealed record WorkflowInstanceIdle(long WfInstanceId);

/// <summary>The manager's answer to <see cref="WorkflowInstanceIdle"/>, queued behind what it forwarded before.</summary>
internal sealed class StopIfIdle
{
    public static readonly StopIfIdle Instance = new();
}

/// <summary>What the manager forwarded before <see cref="StopIfIdle"/> gave the instance work again: it keeps running.</summary>
internal sealed record WorkflowInstanceBusy(long WfInstanceId);
