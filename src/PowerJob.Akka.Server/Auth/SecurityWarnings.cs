using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Server.Auth;

/// <summary>The start-up warnings for every switch that opens something the default keeps closed.</summary>
public static class SecurityWarnings
{
    public static void Log(SecurityOptions security, ILogger log)
    {
        if (!security.OpenApiAuth)
            log.LogWarning("OpenAPI authentication is OFF ('{Key} = false'): anyone who reaches the web port can create, run and delete " +
                           "jobs of any app by its appId. Use this only while PowerJob 4.x clients are being upgraded", SecurityOptions.OpenApiAuthKey);
        if (security.AdminPassword is null)
            log.LogWarning("'{Key}' is not set: anyone who reaches the web port can register new apps (existing apps stay protected " +
                           "by their passwords)", SecurityOptions.AdminPasswordKey);
        if (security.AllowUnauthenticatedWorkers)
            log.LogWarning("'{Key} = true': workers that do not prove the app password (PowerJob workers of other SDKs) are accepted for " +
                           "STANDALONE jobs, and reports without a dispatch token are accepted; anyone who reaches a worker transport port " +
                           "can pose as such a worker", SecurityOptions.AllowUnauthenticatedWorkersKey);
    }
}
