namespace PowerJob.Akka.Tests.Support;

/// <summary>Tests that assert fire precision run alone, after the parallel ones, so a loaded CI machine does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
