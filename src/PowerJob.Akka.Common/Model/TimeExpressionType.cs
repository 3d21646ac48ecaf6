namespace PowerJob.Akka.Model;

/// <summary>When a job fires, with PowerJob's codes.</summary>
public enum TimeExpressionType
{
    Api = 1,
    Cron = 2,
    FixedRate = 3,
    FixedDelay = 4,
    /// <summary>Every interval within a daily time window, on chosen days of the week (PowerJob 4.3.9).</summary>
    DailyTimeInterval = 11,
    /// <summary>Runs only as a workflow node; never fires on its own.</summary>
    Workflow = 5,
}
