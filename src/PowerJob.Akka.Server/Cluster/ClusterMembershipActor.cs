using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Scheduling;

namespace PowerJob.Akka.Server.Cluster;

/// <summary>
/// Follows cluster membership and keeps <see cref="OwnershipViewHolder"/> current: the Up, reachable servers and
/// their profiles (asked from each server's peer actor over the cluster port). When the member set changes, the
/// listeners (schedulers, instance manager) hear <see cref="OwnershipChanged"/> and take or drop apps.
/// </summary>
public sealed class ClusterMembershipActor : ReceiveActor, IWithTimers
{
    private sealed class RefreshProfiles { public static readonly RefreshProfiles Instance = new(); }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly global::Akka.Cluster.Cluster _cluster = global::Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<string, PeerPong> _profiles = new();
    private readonly Dictionary<Address, Member> _members = new();
    private readonly HashSet<Address> _unreachable = new();
    private readonly OwnershipViewHolder _holder;
    private readonly Func<PeerPong> _selfProfile;
    private readonly IReadOnlyList<IActorRef> _listeners;

    public ClusterMembershipActor(OwnershipViewHolder holder, Func<PeerPong> selfProfile, IReadOnlyList<IActorRef> listeners)
    {
        _holder = holder;
        _selfProfile = selfProfile;
        _listeners = listeners;
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members) _members[member.Address] = member;
            foreach (var member in state.Unreachable) _unreachable.Add(member.Address);
            Recompute();
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _members.Remove(removed.Member.Address);
            _unreachable.Remove(removed.Member.Address);
            Recompute();
        });
        Receive<ClusterEvent.IMemberEvent>(changed =>
        {
            _members[changed.Member.Address] = changed.Member;
            Recompute();
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            _unreachable.Add(unreachable.Member.Address);
            Recompute();
        });
        Receive<ClusterEvent.ReachableMember>(reachable =>
        {
            _unreachable.Remove(reachable.Member.Address);
            Recompute();
        });
        Receive<PeerPong>(pong =>
        {
            _profiles[Sender.Path.Address.ToString()] = pong;
            Recompute();
        });
        Receive<RefreshProfiles>(_ => PingMissing());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OwnershipViewHolder holder, Func<PeerPong> selfProfile, IReadOnlyList<IActorRef> listeners) =>
        global::Akka.Actor.Props.Create(() => new ClusterMembershipActor(holder, selfProfile, listeners));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("profiles", RefreshProfiles.Instance, TimeSpan.FromMilliseconds(500));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Recompute()
    {
        var self = _cluster.SelfAddress.ToString();
        var members = _members.Values
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(ServerClusterSystem.Role) && !_unreachable.Contains(m.Address))
            .Select(m => m.Address.ToString())
            .OrderBy(a => a, StringComparer.Ordinal)
            .ToList();
        _profiles[self] = _selfProfile();
        foreach (var gone in _profiles.Keys.Where(k => k != self && !members.Contains(k)).ToList()) _profiles.Remove(gone);

        var previous = _holder.View;
        _holder.View = new OwnershipView(self, members, new Dictionary<string, PeerPong>(_profiles));
        if (previous is null || !previous.Members.SequenceEqual(members))
        {
            _log.Info("servers owning apps: [{0}]", string.Join(", ", members));
            foreach (var listener in _listeners) listener.Tell(OwnershipChanged.Instance);
        }
        PingMissing();
    }

    private static bool Complete(PeerPong? profile) =>
        profile is { WebAddress: { } web } && !web.EndsWith(":0", StringComparison.Ordinal) && (profile.AkkaAddress ?? profile.HttpAddress) is not null;

    private void PingMissing()
    {
        if (_holder.View is not { } view) return;
        foreach (var member in view.Members.Where(m => m != view.Self && !Complete(_profiles.GetValueOrDefault(m))))
            Context.ActorSelection(ClusterPeerActor.PathOn(member)).Tell(new PeerPing(view.Self));
        var self = _selfProfile();
        if (_profiles.GetValueOrDefault(view.Self) == self) return;
        _profiles[view.Self] = self;
        _holder.View = view with { Profiles = new Dictionary<string, PeerPong>(_profiles) };
    }
}
