using Akka.Actor;
using Akka.Event;
using PowerJob.Akka.Configuration;

namespace PowerJob.Akka.Server.Alarms;

/// <summary>
/// The server's alarm postman. Each channel (a webhook URL, the SMTP server) has its own bounded queue and sends one
/// delivery at a time off the actor (PipeTo), each attempt with a time limit, failed ones retried after a doubling
/// delay. So a dead channel holds up only its own queue: never another channel, never a fire. A full queue drops the
/// new delivery and counts it; every failure is logged and shown in <c>/health</c>.
/// </summary>
public sealed class AlarmSenderActor : ReceiveActor, IWithTimers
{
    private sealed record Attempted(AlarmDelivery Delivery, int Attempt, Exception? Error);
    private sealed record RetryDue(AlarmDelivery Delivery, int Attempt);

    private sealed class ChannelQueue
    {
        public Queue<(AlarmDelivery Delivery, int Attempt)> Waiting { get; } = new();
        public bool Busy { get; set; }
        public int Pending => Waiting.Count + (Busy ? 1 : 0);
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly AlarmChannels _channels;
    private readonly AlarmOptions _options;
    private readonly AlarmHealth _health;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ChannelQueue> _queues = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _retryKeys;

    public AlarmSenderActor(AlarmChannels channels, AlarmOptions options, AlarmHealth health, TimeProvider time)
    {
        _channels = channels;
        _options = options;
        _health = health;
        _time = time;
        Receive<SendAlarm>(send =>
        {
            foreach (var url in send.Webhooks.Distinct(StringComparer.Ordinal)) Enqueue(new WebhookDelivery(send.Alarm, url), 1);
            if (send.Emails.Count > 0) Enqueue(new EmailDelivery(send.Alarm, send.Emails, _options.SmtpHost), 1);
        });
        Receive<Attempted>(Done);
        Receive<RetryDue>(retry => Enqueue(retry.Delivery, retry.Attempt));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AlarmChannels channels, AlarmOptions options, AlarmHealth health, TimeProvider time) =>
        global::Akka.Actor.Props.Create(() => new AlarmSenderActor(channels, options, health, time));

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void Enqueue(AlarmDelivery delivery, int attempt)
    {
        var channel = delivery.Channel;
        if (!_queues.TryGetValue(channel, out var queue)) _queues[channel] = queue = new ChannelQueue();
        if (queue.Pending >= _options.QueueSize)
        {
            _health.Dropped(channel);
            _log.Warning("alarm for instance {0} dropped: {1} has {2} deliveries waiting ({3})",
                delivery.Alarm.InstanceId, channel, queue.Pending, AlarmOptions.QueueSizeKey);
            return;
        }
        queue.Waiting.Enqueue((delivery, attempt));
        Next(channel, queue);
    }

    private void Next(string channel, ChannelQueue queue)
    {
        _health.Queued(channel, queue.Pending);
        if (queue.Busy || !queue.Waiting.TryDequeue(out var next)) return;
        queue.Busy = true;
        AttemptAsync(next.Delivery, next.Attempt).PipeTo(Self);
    }

    private async Task<Attempted> AttemptAsync(AlarmDelivery delivery, int attempt)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            await _channels.SendAsync(delivery, timeout.Token).ConfigureAwait(false);
            return new Attempted(delivery, attempt, null);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            return new Attempted(delivery, attempt, timeout.IsCancellationRequested
                ? new TimeoutException($"no answer within {_options.Timeout.TotalSeconds:0.#} s ({AlarmOptions.TimeoutKey})", e)
                : e);
        }
    }

    private void Done(Attempted attempted)
    {
        var (delivery, attempt, error) = attempted;
        var channel = delivery.Channel;
        var now = _time.GetUtcNow();
        if (error is null)
        {
            _health.Sent(channel, now);
            _log.Info("alarm for instance {0} of job {1} sent to {2}", delivery.Alarm.InstanceId, delivery.Alarm.JobId, channel);
        }
        else
        {
            _health.AttemptFailed(channel, error.Message, now);
            if (attempt <= _options.Retries)
            {
                var delay = _options.RetryDelay * Math.Pow(2, attempt - 1);
                _log.Warning("alarm for instance {0}: {1} failed (attempt {2} of {3}): {4}; retrying in {5:0.#} s",
                    delivery.Alarm.InstanceId, channel, attempt, _options.Retries + 1, error.Message, delay.TotalSeconds);
                Timers.StartSingleTimer("retry-" + _retryKeys++, new RetryDue(delivery, attempt + 1), delay);
            }
            else
            {
                _health.GaveUp(channel);
                _log.Error("alarm for instance {0}: {1} failed {2} times, giving up: {3}",
                    delivery.Alarm.InstanceId, channel, attempt, error.Message);
            }
        }
        var queue = _queues[channel];
        queue.Busy = false;
        Next(channel, queue);
    }
}
