namespace PowerJob.Akka.Messages;

/// <summary>PowerJob's reply envelope for asks and HTTP calls: <c>{success, data, message}</c>.</summary>
public sealed record AskResponse(bool Success, string? Data = null, string? Message = null) : IPowerJobWire
{
    public static AskResponse Ok(string? data = null) => new(true, data);
    public static AskResponse Fail(string message) => new(false, null, message);
}
