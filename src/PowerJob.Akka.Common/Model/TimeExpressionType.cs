namespace PowerJob.Akka.Model;

/// <summary>When a job fires, with PowerJob's codes.</summary>
public enum TimeExpressionType
{
    Api = 1,
    Cron = 2,
    FixedRate = 3,
    FixedDelay = 4,
}
