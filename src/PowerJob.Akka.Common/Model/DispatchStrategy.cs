namespace PowerJob.Akka.Model;

/// <summary>How the server picks the worker that tracks an instance, with PowerJob's codes.</summary>
public enum DispatchStrategy
{
    HealthFirst = 1,
    Random = 2,
}
