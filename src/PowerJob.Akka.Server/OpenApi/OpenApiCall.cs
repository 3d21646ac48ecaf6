using System.Globalization;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>
/// Runs one OpenAPI call: reads parameters and wraps the result in <c>{success, data, message}</c>. The one place that
/// decides the HTTP status of a refused call.
/// </summary>
/// <remarks>
/// Under <c>/openApi/</c> every answer is HTTP 200, a refusal included (<c>success: false</c> and the message), as
/// PowerJob answers: its clients treat any other status as a transport failure and lose the message. This product's
/// own endpoints (<c>/appInfo/*</c> here) keep real status codes: 400 for a request that names a bad field, 503 when no
/// server owns the app yet, 500 for anything unexpected.
/// </remarks>
public static class OpenApiCall
{
    public const string PowerJobPrefix = "/openApi/";

    public static async Task<IResult> RunAsync(HttpRequest request, Func<RequestParameters, Task<object?>> handler,
        CancellationToken cancellationToken)
    {
        try
        {
            var parameters = await RequestParameters.ReadAsync(request, cancellationToken);
            return Results.Json(ResultDto.Ok(await handler(parameters)));
        }
        catch (OpenApiValidationException e)
        {
            return Refused(request, e.Message, StatusCodes.Status400BadRequest);
        }
        catch (Cluster.NoOwnerException e)
        {
            return Refused(request, e.Message, StatusCodes.Status503ServiceUnavailable);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Refused(request, $"malformed JSON body: {e.Message}", StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenApiCall))
                .LogError(e, "{Path} failed", request.Path);
            return Refused(request, $"{request.Path} failed: {e.Message}", StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>PowerJob's own paths answer 200 with <c>success: false</c>; the product's own paths answer <paramref name="status"/>.</summary>
    public static IResult Refused(HttpRequest request, string message, int status) =>
        Results.Json(ResultDto.Fail(message),
            statusCode: request.Path.StartsWithSegments(PowerJobPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) ? StatusCodes.Status200OK : status);

    public static string Required(RequestParameters p, string field) =>
        string.IsNullOrWhiteSpace(p[field]) ? throw new OpenApiValidationException($"{field} is required") : p[field]!;

    public static long RequiredLong(RequestParameters p, string field) =>
        long.TryParse(Required(p, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OpenApiValidationException($"{field} '{p[field]}' is not a whole number");
}
