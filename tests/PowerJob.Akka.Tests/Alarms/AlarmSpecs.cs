using System.Diagnostics;
using System.Text.Json;
using netDumbster.smtp;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Tests.Scheduling;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Alarms;

/// <summary>
/// A job whose instances fail raises alarms by its <c>alarmConfig</c>: received by a webhook listener and an SMTP server
/// the test starts, once per threshold and never during the silence; a webhook that never answers shows in /health and
/// holds up neither the other channels nor the job's runs.
/// </summary>
public sealed class AlarmSpecs : SchedulingFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly SimpleSmtpServer _smtp = SimpleSmtpServer.Start();
    private readonly SilentListener _dead = new();
    private WebhookListener _webhook = null!;

    protected override ServerOptions ServerOptions() => base.ServerOptions() with
    {
        Alarm = new AlarmOptions
        {
            SmtpHost = "127.0.0.1", SmtpPort = _smtp.Configuration.Port, SmtpSecurity = SmtpSecurity.None, SmtpFrom = "powerjob@test.local",
            Timeout = TimeSpan.FromSeconds(2), Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(200),
        },
    };

    public override async Task InitializeAsync()
    {
        _webhook = await WebhookListener.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _webhook.DisposeAsync();
        _dead.Dispose();
        _smtp.Dispose();
    }

    [Fact]
    public async Task Three_failures_within_the_window_send_one_webhook_and_one_email_and_none_during_the_silence()
    {
        await StartWorkerAsync("http");
        var jobId = await Api.SaveJobAsync(new
        {
            appId = AppId, jobName = "flaky", processorInfo = "fails-first-run", executeType = "STANDALONE", timeExpressionType = "API",
            instanceRetryNum = 0,
            alarmConfig = new
            {
                alertThreshold = 3, statisticWindowLen = 60, silenceWindowLen = 3600,
                webhooks = new[] { _dead.Url, _webhook.Url }, emails = new[] { "ops@example.com", "dev@example.com" },
            },
        });

        var failed = new List<long>();
        for (var i = 0; i < 2; i++) failed.Add(await FailOnceAsync(jobId));
        Assert.Equal(0, _smtp.ReceivedEmailCount);
        Assert.Empty(_webhook.Received);

        failed.Add(await FailOnceAsync(jobId));
        await TestNodes.EventuallyAsync(() => Task.FromResult((_webhook.Received.Count, _smtp.ReceivedEmailCount)),
            r => r is (1, 1), Wait);
        var hook = Assert.Single(_webhook.Received);
        Assert.Equal("billing", hook.GetProperty("app").GetString());
        Assert.Equal(jobId, hook.GetProperty("jobId").GetInt64());
        Assert.Equal(failed[2], hook.GetProperty("instanceId").GetInt64());
        Assert.Equal("FAILED", hook.GetProperty("status").GetString());
        Assert.Equal("first run fails on purpose", hook.GetProperty("reason").GetString());
        Assert.Equal($"http://{Server.WebAddress}/console/instances/{failed[2]}", hook.GetProperty("link").GetString());
        var mail = Assert.Single(_smtp.ReceivedEmail);
        Assert.Equal(["ops@example.com", "dev@example.com"], mail.ToAddresses.Select(a => a.Address));
        Assert.Contains("flaky", mail.Headers["Subject"]);
        Assert.Contains($"/console/instances/{failed[2]}", mail.MessageParts[0].BodyData);

        // The dead webhook is still within its attempts: the next runs are dispatched and finish as fast as ever.
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            await FailOnceAsync(jobId);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a run took {clock.Elapsed} while a webhook was dead");
        }
        var health = await TestNodes.EventuallyAsync(() => Nodes.GetJsonAsync($"http://{Server.WebAddress}/health"),
            h => h.GetProperty("alarms").GetProperty("failuresSeen").GetInt64() == 6 &&
                 Channel(h, "webhook " + _dead.Url) is { } dead && dead.GetProperty("givenUp").GetInt64() == 1, Wait);
        Assert.Single(_webhook.Received);
        Assert.Equal(1, _smtp.ReceivedEmailCount);
        var deadChannel = Channel(health, "webhook " + _dead.Url)!.Value;
        Assert.Equal("FAILING", deadChannel.GetProperty("status").GetString());
        Assert.Contains("no answer within 2 s", deadChannel.GetProperty("lastError").GetString());
        Assert.Equal("UP", Channel(health, "webhook " + _webhook.Url)!.Value.GetProperty("status").GetString());
        Assert.Equal(1, Channel(health, "email 127.0.0.1")!.Value.GetProperty("sent").GetInt64());
    }

    [Fact]
    public async Task A_bad_alarm_config_is_refused_naming_the_field_and_value()
    {
        await StartWorkerAsync("http");
        var reply = await Api.JsonAsync("/openApi/saveJob", new
        {
            appId = AppId, jobName = "bad", processorInfo = "echo", executeType = "STANDALONE", timeExpressionType = "API",
            alarmConfig = new { alertThreshold = 3, webhooks = new[] { "ftp://example.com/hook" } },
        });
        Assert.False(reply.Success);
        Assert.Equal("alarmConfig.webhooks 'ftp://example.com/hook' is invalid: expected an absolute http(s) URL", reply.Message);
    }

    private static JsonElement? Channel(JsonElement health, string name) =>
        health.GetProperty("alarms").GetProperty("channels").TryGetProperty(name, out var channel) ? channel : null;

    private async Task<long> FailOnceAsync(long jobId)
    {
        var instanceId = await Api.RunJobAsync(AppId, jobId);
        await Api.AwaitStatusAsync(AppId, instanceId, 4, Wait);
        return instanceId;
    }
}
