using System.Globalization;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.OpenApi;

/// <summary>Runs one OpenAPI call: reads parameters, wraps the result in <c>{success, data, message}</c>, maps validation failures to 400.</summary>
public static class OpenApiCall
{
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
            return Results.Json(ResultDto.Fail(e.Message), statusCode: StatusCodes.Status400BadRequest);
        }
        catch (Cluster.NoOwnerException e)
        {
            return Results.Json(ResultDto.Fail(e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Json(ResultDto.Fail($"malformed JSON body: {e.Message}"), statusCode: StatusCodes.Status400BadRequest);
        }
    }

    public static string Required(RequestParameters p, string field) =>
        string.IsNullOrWhiteSpace(p[field]) ? throw new OpenApiValidationException($"{field} is required") : p[field]!;

    public static long RequiredLong(RequestParameters p, string field) =>
        long.TryParse(Required(p, field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OpenApiValidationException($"{field} '{p[field]}' is not a whole number");
}
