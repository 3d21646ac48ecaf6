using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PowerJob.Akka.Server.Cluster;

namespace PowerJob.Akka.Server.WebConsole.Pages;

/// <summary>Every console failure ends here with a sentence saying what went wrong; never a stack trace.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> log) : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (failure?.Error is { } error)
        {
            log.LogError(error, "console request {Path} failed", failure.Path);
            (Title, Message) = Classify(error);
            return;
        }
        Response.StatusCode = status ?? StatusCodes.Status404NotFound;
        (Title, Message) = Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("Page not found", "There is no console page at this address."),
            StatusCodes.Status400BadRequest => ("Request refused", "The form was out of date or incomplete (its anti-forgery token did not match); reload the page and try again."),
            _ => ("Request refused", $"The server answered {Response.StatusCode}."),
        };
    }

    /// <summary>What the operator can act on: the store, the cluster, or the server itself.</summary>
    public static (string Title, string Message) Classify(Exception error) => Unwrap(error) switch
    {
        DbException or SocketException or TimeoutException when IsStore(error) =>
            ("The store is unreachable", "This server cannot reach its store (the database); check that the database is up and reachable from this server, then reload."),
        NoOwnerException e => ("No server owns this app right now", e.Message),
        global::Akka.Actor.AskTimeoutException => ("The cluster did not answer", "The server owning this app did not answer in time; the cluster may be changing. Reload in a moment."),
        _ => ("Something went wrong", "The server could not complete this page; the error is in the server's log."),
    };

    private static Exception Unwrap(Exception error) => error is AggregateException { InnerException: { } inner } ? Unwrap(inner) : error;

    private static bool IsStore(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is DbException || e.GetType().Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true) return true;
        return false;
    }
}
