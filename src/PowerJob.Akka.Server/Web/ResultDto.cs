namespace PowerJob.Akka.Server.Web;

/// <summary>PowerJob's reply envelope on the web port: <c>{success, data, message}</c>.</summary>
public sealed record ResultDto<T>(bool Success, T? Data, string? Message)
{
    public static ResultDto<T> Ok(T data) => new(true, data, null);
    public static ResultDto<T> Fail(string message) => new(false, default, message);
}

public static class ResultDto
{
    public static ResultDto<T> Ok<T>(T data) => ResultDto<T>.Ok(data);
    public static ResultDto<object> Fail(string message) => ResultDto<object>.Fail(message);
}
