namespace PowerJob.Akka.Cli;

/// <summary>PowerJob's numeric codes on the wire, named as PowerJob names them.</summary>
public static class PowerJobCodes
{
    public const int Succeed = 5;

    public static readonly IReadOnlySet<int> FinalStatuses = new HashSet<int> { 4, 5, 9, 10 };

    public static string InstanceStatus(int? code) => code switch
    {
        1 => "WAITING_DISPATCH",
        2 => "WAITING_WORKER_RECEIVE",
        3 => "RUNNING",
        4 => "FAILED",
        5 => "SUCCEED",
        9 => "CANCELED",
        10 => "STOPPED",
        null => "-",
        _ => $"UNKNOWN({code})",
    };

    public static string JobStatus(int? code) => code switch
    {
        1 => "ENABLED",
        2 => "DISABLED",
        _ => $"UNKNOWN({code})",
    };

    public static string TimeExpressionType(int? code) => code switch
    {
        1 => "API",
        2 => "CRON",
        3 => "FIXED_RATE",
        4 => "FIXED_DELAY",
        5 => "WORKFLOW",
        _ => $"UNKNOWN({code})",
    };

    public static string ExecuteType(int? code) => code switch
    {
        1 => "STANDALONE",
        2 => "BROADCAST",
        3 => "MAP_REDUCE",
        4 => "MAP",
        _ => $"UNKNOWN({code})",
    };

    public static readonly string[] TimeExpressionTypes = ["API", "CRON", "FIXED_RATE", "FIXED_DELAY"];

    public static readonly string[] ExecuteTypes = ["STANDALONE", "BROADCAST", "MAP", "MAP_REDUCE"];
}
