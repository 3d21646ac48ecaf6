namespace PowerJob.Akka.Model;

/// <summary>How the server picks the worker that tracks an instance, with PowerJob's codes.</summary>
public enum DispatchStrategy
{
    HealthFirst = 1,
    Random = 2,
    /// <summary>Among the workers <c>dispatchStrategyConfig</c> names: <c>tagIn:a,b</c>, <c>tagEquals:a</c> or a comma list of addresses.</summary>
    Specify = 11,
}
