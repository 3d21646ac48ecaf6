using PowerJob.Akka.Model;

namespace PowerJob.Akka.Worker.Execution;

/// <summary>
/// Reads a request's execute type, read up to three times per task: the names the server sends match at once, anything
/// else (codes, other spellings) goes through <see cref="WireEnum"/>, which allocates on the way.
/// </summary>
internal static class ExecuteTypes
{
    public static bool TryParse(string? text, out ExecuteType type)
    {
        switch (text)
        {
            case "STANDALONE":
                type = ExecuteType.Standalone;
                return true;
            case "BROADCAST":
                type = ExecuteType.Broadcast;
                return true;
            case "MAP":
                type = ExecuteType.Map;
                return true;
            case "MAP_REDUCE":
                type = ExecuteType.MapReduce;
                return true;
            default:
                return WireEnum.TryParse(text, out type);
        }
    }
}
