using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Messages;
using PowerJob.Akka.Server.Workers;

namespace PowerJob.Akka.Tests.Workers;

/// <summary>The workers' registry of one app: a limit on addresses, and dead workers forgotten so the map shrinks.</summary>
public sealed class WorkerLimitSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_new_address_beyond_the_limit_is_refused_until_dead_workers_are_forgotten()
    {
        var registry = Sys.ActorOf(AppWorkersActor.Props(7, _time, Timeout, max: 2));
        Assert.Null(Register(registry, "a:1"));
        Assert.Null(Register(registry, "b:1"));
        var refusal = Register(registry, "c:1");
        Assert.Contains($"'{ServerOptions.MaxWorkersKey}' = 2", refusal);
        Assert.Contains("c:1", refusal);

        // Silent past the timeout (not alive), but not yet long enough to be forgotten: still counted.
        _time.Advance(Timeout * 2);
        Assert.Null(Register(registry, "a:1"));
        Assert.NotNull(Register(registry, "c:1"));

        // b has been silent 10 timeouts: it is forgotten and c takes its place.
        _time.Advance(Timeout * (AppWorkersActor.ForgetAfterTimeouts - 2) + TimeSpan.FromSeconds(1));
        Assert.Null(Register(registry, "c:1"));
        registry.Tell(new GetAppWorkers(7), TestActor);
        var workers = ExpectMsg<AppWorkers>(TimeSpan.FromSeconds(3)).Workers.Select(w => w.Address).ToList();
        Assert.Equal(["a:1", "c:1"], workers);
    }

    private string? Register(IActorRef registry, string address)
    {
        var location = new AppLocation(7, "server", 1, null, null, null);
        registry.Tell(new RegisterWorker(new WorkerInfo { Address = address, AppId = 7, AppName = "app", Protocol = Protocol.Http }, location, TestActor));
        return ExpectMsg<AppLocation>(TimeSpan.FromSeconds(3)).Refusal;
    }
}
