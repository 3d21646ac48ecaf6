using PowerJob.Akka.Server.Alarms;
using PowerJob.Akka.Server.Instances;
using PowerJob.Akka.Server.Retention;
using PowerJob.Akka.Server.Scheduling;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>
/// Checks the fields this server reads inside a job's JSON configs (alarms, retry, retention, misfire, life cycle) when
/// the job is saved, so a typo is refused with the field, the value and what is allowed instead of silently ignored.
/// </summary>
public static class JobConfigValidation
{
    public static void Check(string? alarmConfig, string? advancedRuntimeConfig, string? lifeCycle)
    {
        (string? Error, string Field)[] checks =
        [
            (AlarmRule.Validate(alarmConfig), "alarmConfig"),
            (RetryPolicy.Validate(advancedRuntimeConfig), "advancedRuntimeConfig"),
            (JobRetention.Validate(advancedRuntimeConfig), "advancedRuntimeConfig"),
            (FirePolicy.Validate(lifeCycle, advancedRuntimeConfig), lifeCycle is null ? "advancedRuntimeConfig" : "lifeCycle"),
        ];
        foreach (var (error, field) in checks)
        {
            if (error is not null) throw new OpenApiValidationException(error, field);
        }
    }
}
