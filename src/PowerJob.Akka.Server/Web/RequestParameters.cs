using System.Text.Json;

namespace PowerJob.Akka.Server.Web;

/// <summary>
/// PowerJob's OpenAPI takes parameters as query, form fields or a JSON body; this reads all three into one
/// case-insensitive map (body over form over query).
/// </summary>
public sealed class RequestParameters
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public JsonElement? Body { get; private set; }

    /// <summary>The app the request's access token was checked against (read once per request, by the auth filter).</summary>
    public Storage.AppRecord? AuthenticatedApp { get; set; }

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>Parameters built in process (the console), read by the same handlers as a request's.</summary>
    public static RequestParameters From(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var parameters = new RequestParameters();
        foreach (var (key, value) in values) parameters._values[key] = value;
        return parameters;
    }

    /// <summary>Used by the auth filter to fill in the authenticated app id where a request names none.</summary>
    internal void Set(string name, string value) => _values[name] = value;

    /// <summary>Reads the request once; later calls (the auth filter, then the handler) get the same parameters.</summary>
    public static async Task<RequestParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Items[typeof(RequestParameters)] is RequestParameters read) return read;
        var parameters = new RequestParameters();
        foreach (var (key, value) in request.Query) parameters._values[key] = value.ToString();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form) parameters._values[key] = value.ToString();
        }
        else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            parameters.Body = document.RootElement.Clone();
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                    parameters._values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
            }
        }
        request.HttpContext.Items[typeof(RequestParameters)] = parameters;
        return parameters;
    }
}

/// <summary>
/// A request the OpenAPI rejects with <c>success: false</c> and a message naming the field (the HTTP status is
/// OpenApiCall's choice); <see cref="Field"/> names it for forms that show the error beside it.
/// </summary>
public sealed class OpenApiValidationException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
