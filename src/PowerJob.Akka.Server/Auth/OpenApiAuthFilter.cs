using System.Globalization;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Auth;

/// <summary>
/// Guards the <c>/openApi</c> route group as PowerJob 5.x does: every call sends <c>X-POWERJOB-APP-ID</c> and the
/// <c>X-POWERJOB-ACCESS-TOKEN</c> from <c>authApp</c>, and every reply carries <c>X-POWERJOB-AUTH-PASSED</c>. A refused
/// call is answered like PowerJob (HTTP 200, <c>success: false</c>, header false) so its clients sign in again and retry.
/// The request's <c>appId</c> (or <c>appIdEq</c>) must be the token's app; when absent it is filled in from the header, so
/// every handler works on the authenticated app only.
/// </summary>
public sealed class OpenApiAuthFilter(ServerOptions options, AppCache apps, AccessTokens tokens) : IEndpointFilter
{
    public const string AppIdHeader = "X-POWERJOB-APP-ID";
    public const string TokenHeader = "X-POWERJOB-ACCESS-TOKEN";
    public const string PassedHeader = "X-POWERJOB-AUTH-PASSED";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!options.Security.OpenApiAuth)
        {
            http.Response.Headers[PassedHeader] = "true";
            return await next(context);
        }
        string? failure;
        try
        {
            failure = await AuthenticateAsync(http);
        }
        catch (Exception e) when (OpenApi.OpenApiCall.IsBadRequest(e, http, out var message))
        {
            failure = message;
        }
        http.Response.Headers[PassedHeader] = failure is null ? "true" : "false";
        return failure is null ? await next(context) : Results.Json(ResultDto.Fail(failure));
    }

    private async Task<string?> AuthenticateAsync(HttpContext http)
    {
        var rawAppId = http.Request.Headers[AppIdHeader].ToString();
        var token = http.Request.Headers[TokenHeader].ToString();
        if (rawAppId.Length == 0 || token.Length == 0)
            return $"this server requires OpenAPI authentication: sign in with POST /openApi/authApp (appName, encryptedPassword, encryptType) " +
                   $"and send the returned appId and token as {AppIdHeader} and {TokenHeader}";
        if (!long.TryParse(rawAppId, NumberStyles.None, CultureInfo.InvariantCulture, out var appId))
            return $"{AppIdHeader} '{OpenApi.OpenApiCall.Shorten(rawAppId)}' is not a whole number";
        var app = await apps.FindAsync(appId, http.RequestAborted);
        if (app is null) return $"{AppIdHeader} {appId} is not a registered app";
        if (tokens.Verify(token, app) is { } invalid) return invalid;

        var parameters = await RequestParameters.ReadAsync(http.Request, http.RequestAborted);
        foreach (var field in (string[])["appId", "appIdEq"])
        {
            if (parameters[field] is { Length: > 0 } requested && requested != "null" && requested != rawAppId)
                return $"{field} '{OpenApi.OpenApiCall.Shorten(requested)}' is not the app of the access token (appId {appId}); a token only acts on its own app";
        }
        if (string.IsNullOrEmpty(parameters["appId"]) || parameters["appId"] == "null") parameters.Set("appId", rawAppId);
        parameters.AuthenticatedApp = app;
        return null;
    }

}
