using PowerJob.Akka.Model;

namespace PowerJob.Akka.Storage;

/// <summary>Workflows, their nodes and their instances (part of <see cref="IPowerJobStore"/>).</summary>
public interface IWorkflowStore
{
    /// <summary>Inserts the workflow; returns its id.</summary>
    Task<long> InsertWorkflowAsync(WorkflowRecord workflow, CancellationToken cancellationToken = default);
    /// <summary>Updates every column but the id, app id, creation time and trigger times.</summary>
    Task<bool> UpdateWorkflowAsync(WorkflowRecord workflow, CancellationToken cancellationToken = default);
    Task<WorkflowRecord?> FindWorkflowAsync(long workflowId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<WorkflowRecord>> ListWorkflowsAsync(long appId, CancellationToken cancellationToken = default);
    Task<bool> DeleteWorkflowAsync(long workflowId, CancellationToken cancellationToken = default);
    /// <summary>Enables or disables the workflow and sets its next trigger time, only when it is not already so.</summary>
    Task<bool> SetWorkflowEnabledAsync(long workflowId, bool enabled, DateTimeOffset? nextTriggerTime, CancellationToken cancellationToken = default);
    /// <summary>Sets the next trigger time when it is still <paramref name="expectedNextTriggerTime"/> (null matches null).</summary>
    Task<bool> RescheduleWorkflowAsync(long workflowId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default);
    /// <summary>Enabled workflows of the app whose time expression type is CRON or FIXED_RATE.</summary>
    Task<IReadOnlyList<WorkflowRecord>> ListSchedulableWorkflowsAsync(long appId, CancellationToken cancellationToken = default);

    /// <summary>Inserts the nodes without an id and updates the others, in one transaction; returns them with their ids.</summary>
    Task<IReadOnlyList<WorkflowNodeRecord>> SaveWorkflowNodesAsync(IReadOnlyList<WorkflowNodeRecord> nodes, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<WorkflowNodeRecord>> FindWorkflowNodesAsync(long appId, IReadOnlyCollection<long> nodeIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="IPowerJobStore.FireAsync"/> for a workflow: claims its next trigger time and inserts the instance in one
    /// transaction; null when the claim was lost. Fenced by <paramref name="owner"/>.
    /// </summary>
    Task<WorkflowInstanceRecord?> FireWorkflowAsync(long workflowId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        WorkflowInstanceRecord instance, OwnerEpoch owner, CancellationToken cancellationToken = default);
    /// <summary>Inserts the instance (the store assigns its id; version 1), fenced by <paramref name="owner"/>.</summary>
    Task<WorkflowInstanceRecord> InsertWorkflowInstanceAsync(WorkflowInstanceRecord instance, OwnerEpoch owner, CancellationToken cancellationToken = default);
    /// <summary>
    /// Writes <paramref name="updated"/> with version <c>expected + 1</c> only while the stored version is <paramref name="expectedVersion"/>;
    /// false, changing nothing, otherwise. Fenced by <paramref name="owner"/>.
    /// </summary>
    Task<bool> UpdateWorkflowInstanceAsync(WorkflowInstanceRecord updated, long expectedVersion, OwnerEpoch owner, CancellationToken cancellationToken = default);
    Task<WorkflowInstanceRecord?> FindWorkflowInstanceAsync(long wfInstanceId, CancellationToken cancellationToken = default);
    /// <summary>Instances of the app in WAITING or RUNNING, oldest first.</summary>
    Task<IReadOnlyList<WorkflowInstanceRecord>> ListActiveWorkflowInstancesAsync(long appId, CancellationToken cancellationToken = default);
    Task<int> CountActiveWorkflowInstancesAsync(long workflowId, CancellationToken cancellationToken = default);
    /// <summary>The newest <paramref name="limit"/> instances of the workflow, newest first.</summary>
    Task<IReadOnlyList<WorkflowInstanceRecord>> ListWorkflowInstancesAsync(long workflowId, int limit, CancellationToken cancellationToken = default);
    /// <summary>The job instances a workflow instance created, oldest first (a node that ran again has several).</summary>
    Task<IReadOnlyList<InstanceRecord>> ListNodeInstancesAsync(long wfInstanceId, CancellationToken cancellationToken = default);
}
