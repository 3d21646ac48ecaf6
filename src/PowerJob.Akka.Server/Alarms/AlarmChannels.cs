using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Server.Alarms;

/// <summary>One place an alarm goes: a webhook URL, or the SMTP server with its recipients.</summary>
public abstract record AlarmDelivery(Alarm Alarm)
{
    /// <summary>The channel's name in <c>/health</c>: kind and target.</summary>
    public abstract string Channel { get; }
}

public sealed record WebhookDelivery(Alarm Alarm, string Url) : AlarmDelivery(Alarm)
{
    public override string Channel => "webhook " + Url;
}

public sealed record EmailDelivery(Alarm Alarm, IReadOnlyList<string> To, string? SmtpHost) : AlarmDelivery(Alarm)
{
    public override string Channel => "email " + (SmtpHost ?? "(no oms.alarm.smtp.host)");
}

/// <summary>Sends deliveries; each call is one attempt that throws on failure (the sender retries).</summary>
public sealed class AlarmChannels(HttpClient http, AlarmOptions options)
{
    public Task SendAsync(AlarmDelivery delivery, CancellationToken cancellationToken) => delivery switch
    {
        WebhookDelivery webhook => PostAsync(webhook, cancellationToken),
        EmailDelivery email => MailAsync(email, cancellationToken),
        _ => throw new ArgumentException($"unknown delivery {delivery.GetType().Name}", nameof(delivery)),
    };

    public static string Text(Alarm a) =>
        $"PowerJob alarm: job {a.JobName} (id {a.JobId}) of app {a.AppName} failed {a.Failures} time(s) within {a.Window.TotalSeconds:0} s. " +
        $"Instance {a.InstanceId} is {a.Status.WireName()}: {a.Reason ?? "no reason given"}. {a.ConsoleLink}";

    /// <summary>
    /// The JSON body: the shape Slack, Microsoft Teams, DingTalk and Feishu/Lark incoming webhooks expect when the URL is
    /// theirs (each reads only its own text field), otherwise this server's own object with every field.
    /// </summary>
    public static JsonObject Body(Alarm a, Uri url)
    {
        var text = Text(a);
        var host = url.Host.ToLowerInvariant();
        if (host == "hooks.slack.com") return new JsonObject { ["text"] = text };
        if (host.EndsWith(".office.com", StringComparison.Ordinal) || host.EndsWith(".logic.azure.com", StringComparison.Ordinal))
            return new JsonObject { ["text"] = text };
        if (host == "oapi.dingtalk.com") return new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text } };
        if (host is "open.feishu.cn" or "open.larksuite.com")
            return new JsonObject { ["msg_type"] = "text", ["content"] = new JsonObject { ["text"] = text } };
        return new JsonObject
        {
            ["app"] = a.AppName, ["appId"] = a.AppId, ["jobId"] = a.JobId, ["jobName"] = a.JobName, ["instanceId"] = a.InstanceId,
            ["status"] = a.Status.WireName(), ["reason"] = a.Reason, ["failures"] = a.Failures,
            ["statisticWindowLen"] = (long)a.Window.TotalSeconds, ["time"] = a.At.ToUnixTimeMilliseconds(), ["link"] = a.ConsoleLink,
            ["text"] = text,
        };
    }

    private async Task PostAsync(WebhookDelivery webhook, CancellationToken cancellationToken)
    {
        var url = new Uri(webhook.Url);
        using var response = await http.PostAsJsonAsync(url, Body(webhook.Alarm, url), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private async Task MailAsync(EmailDelivery email, CancellationToken cancellationToken)
    {
        if (options.SmtpHost is not { } host)
            throw new InvalidOperationException($"no SMTP server configured ({AlarmOptions.SmtpHostKey})");
        var a = email.Alarm;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.SmtpFrom));
        foreach (var to in email.To) message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"[PowerJob] {a.AppName}: job {a.JobName} failed {a.Failures} time(s)";
        message.Body = new TextPart("plain") { Text = Text(a) };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(host, options.SmtpPort, options.SmtpSecurity switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.Auto,
        }, cancellationToken).ConfigureAwait(false);
        if (options.SmtpUsername is { } user)
            await smtp.AuthenticateAsync(user, options.SmtpPassword ?? "", cancellationToken).ConfigureAwait(false);
        await smtp.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await smtp.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }
}
