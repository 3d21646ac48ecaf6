using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Benchmarks.Support;

// Workflows are not on the benchmarked hot path: forwarded untimed.
public sealed partial class StoreProfiler
{
    public Task<long> InsertWorkflowAsync(WorkflowRecord workflow, CancellationToken cancellationToken = default) =>
        inner.InsertWorkflowAsync(workflow, cancellationToken);
    public Task<bool> UpdateWorkflowAsync(WorkflowRecord workflow, CancellationToken cancellationToken = default) =>
        inner.UpdateWorkflowAsync(workflow, cancellationToken);
    public Task<WorkflowRecord?> FindWorkflowAsync(long workflowId, CancellationToken cancellationToken = default) =>
        inner.FindWorkflowAsync(workflowId, cancellationToken);
    public Task<IReadOnlyList<WorkflowRecord>> ListWorkflowsAsync(long appId, CancellationToken cancellationToken = default) =>
        inner.ListWorkflowsAsync(appId, cancellationToken);
    public Task<bool> DeleteWorkflowAsync(long workflowId, CancellationToken cancellationToken = default) =>
        inner.DeleteWorkflowAsync(workflowId, cancellationToken);
    public Task<bool> SetWorkflowEnabledAsync(long workflowId, bool enabled, DateTimeOffset? nextTriggerTime, CancellationToken cancellationToken = default) =>
        inner.SetWorkflowEnabledAsync(workflowId, enabled, nextTriggerTime, cancellationToken);
    public Task<bool> RescheduleWorkflowAsync(long workflowId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? nextTriggerTime,
        CancellationToken cancellationToken = default) =>
        inner.RescheduleWorkflowAsync(workflowId, expectedNextTriggerTime, nextTriggerTime, cancellationToken);
    public Task<IReadOnlyList<WorkflowRecord>> ListSchedulableWorkflowsAsync(long appId, CancellationToken cancellationToken = default) =>
        inner.ListSchedulableWorkflowsAsync(appId, cancellationToken);
    public Task<IReadOnlyList<WorkflowNodeRecord>> SaveWorkflowNodesAsync(IReadOnlyList<WorkflowNodeRecord> nodes, CancellationToken cancellationToken = default) =>
        inner.SaveWorkflowNodesAsync(nodes, cancellationToken);
    public Task<IReadOnlyList<WorkflowNodeRecord>> FindWorkflowNodesAsync(long appId, IReadOnlyCollection<long> nodeIds, CancellationToken cancellationToken = default) =>
        inner.FindWorkflowNodesAsync(appId, nodeIds, cancellationToken);
    public Task<WorkflowInstanceRecord?> FireWorkflowAsync(long workflowId, DateTimeOffset? expectedNextTriggerTime, DateTimeOffset? newNextTriggerTime,
        WorkflowInstanceRecord instance, OwnerEpoch owner, CancellationToken cancellationToken = default) =>
        inner.FireWorkflowAsync(workflowId, expectedNextTriggerTime, newNextTriggerTime, instance, owner, cancellationToken);
    public Task<WorkflowInstanceRecord> InsertWorkflowInstanceAsync(WorkflowInstanceRecord instance, OwnerEpoch owner, CancellationToken cancellationToken = default) =>
        inner.InsertWorkflowInstanceAsync(instance, owner, cancellationToken);
    public Task<bool> UpdateWorkflowInstanceAsync(WorkflowInstanceRecord updated, long expectedVersion, OwnerEpoch owner, CancellationToken cancellationToken = default) =>
        inner.UpdateWorkflowInstanceAsync(updated, expectedVersion, owner, cancellationToken);
    public Task<WorkflowInstanceRecord?> FindWorkflowInstanceAsync(long wfInstanceId, CancellationToken cancellationToken = default) =>
        inner.FindWorkflowInstanceAsync(wfInstanceId, cancellationToken);
    public Task<IReadOnlyList<WorkflowInstanceRecord>> ListActiveWorkflowInstancesAsync(long appId, CancellationToken cancellationToken = default) =>
        inner.ListActiveWorkflowInstancesAsync(appId, cancellationToken);
    public Task<int> CountActiveWorkflowInstancesAsync(long workflowId, CancellationToken cancellationToken = default) =>
        inner.CountActiveWorkflowInstancesAsync(workflowId, cancellationToken);
    public Task<IReadOnlyList<WorkflowInstanceRecord>> ListWorkflowInstancesAsync(long workflowId, int limit, CancellationToken cancellationToken = default) =>
        inner.ListWorkflowInstancesAsync(workflowId, limit, cancellationToken);
    public Task<IReadOnlyList<InstanceRecord>> ListNodeInstancesAsync(long wfInstanceId, CancellationToken cancellationToken = default) =>
        inner.ListNodeInstancesAsync(wfInstanceId, cancellationToken);
}
