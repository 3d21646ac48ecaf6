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
/// server owns the app yet, 429 when a limit of the server is reached, 500 for anything unexpected.
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
        catch (CapacityException e)
        {
            return Refused(request, e.Message, StatusCodes.Status429TooManyRequests);
        }
        catch (Cluster.NoOwnerException e)
        {
            return Refused(request, e.Message, StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e) when (IsBadRequest(e, request.HttpContext, out var message))
        {
            return Refused(request, message, StatusCodes.Status400BadRequest);
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

    /// <summary>
    /// The exceptions that mean the request itself is wrong — a named field, malformed JSON, a body over the web port's
    /// limit (<c>server.max-request-bytes</c>), a form over ASP.NET's form limits — with the message to answer.
    /// </summary>
    public static bool IsBadRequest(Exception e, HttpContext http, out string message)
    {
        message = e switch
        {
            OpenApiValidationException => e.Message,
            System.Text.Json.JsonException => $"malformed JSON body: {e.Message}",
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                $"request body is larger than the {http.RequestServices.GetRequiredService<Configuration.ServerOptions>().Security.WebMaxRequestBytes} bytes " +
                $"the web port accepts ('{Configuration.SecurityOptions.WebMaxRequestBytesKey}')",
            BadHttpRequestException => $"malformed request: {e.Message}",
            InvalidDataException => $"malformed form body: {e.Message}",
            _ => "",
        };
        return message.Length > 0;
    }

    public static string Required(RequestParameters p, string field) =>
        string.IsNullOrWhiteSpace(p[field]) ? throw new OpenApiValidationException($"{field} is required") : p[field]!;

    public static long RequiredLong(RequestParameters p, string field) =>
        long.TryParse(Required(p, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OpenApiValidationException($"{field} '{Shorten(p[field]!)}' is not a whole number from {long.MinValue} to {long.MaxValue}");

    /// <summary>A value quoted in an error message, cut so an oversized one does not flood the reply.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

/// <summary>A call refused because a limit of the server is reached (nothing stored); the message names the limit and its key.</summary>
public sealed class CapacityException(string message) : Exception(message);
