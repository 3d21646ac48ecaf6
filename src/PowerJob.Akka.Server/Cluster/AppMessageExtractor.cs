using System.Globalization;
using Akka.Cluster.Sharding;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>
/// Routes a message to its app's entity: the entity id is the app id (apps are addressed by id; a call that names an
/// app by name is resolved to its id from the store first). Shards are the hash of the id over <see cref="ShardCount"/>.
/// </summary>
public sealed class AppMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    public const int ShardCount = 64;

    public override string? EntityId(object message) =>
        AppIdOf(message) is { } appId ? appId.ToString(CultureInfo.InvariantCulture) : null;

    public static long? AppIdOf(object message) => message switch
    {
        WakeApp m => m.AppId,
        JobChanged m => m.AppId,
        WhereIsApp m => m.AppId,
        GetAppWorkers m => m.AppId,
        AppInstanceReport m => m.AppId,
        WorkerHeartbeat m => m.AppId,
        WorkerQueryExecutorClusterReq m => m.AppId,
        RunJobRequest m => m.AppId,
        InstanceCommand m => m.AppId,
        WorkflowChanged m => m.AppId,
        RunWorkflowRequest m => m.AppId,
        WorkflowCommand m => m.AppId,
        _ => null,
    };
}
