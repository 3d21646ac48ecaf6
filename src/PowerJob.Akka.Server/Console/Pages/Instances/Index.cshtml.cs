using System.Globalization;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Instances;

/// <summary>The app's instances, newest first, filtered by job, status and creation time (UTC).</summary>
public sealed class InstancesModel(ConsoleData data) : ConsolePage(data)
{
    public const int PageSize = 50;
    public const string TimeFormat = "yyyy-MM-ddTHH:mm";

    public long? JobId { get; private set; }
    public string? Status { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public int Offset { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<InstanceRecord> Instances { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Jobs { get; private set; } = new Dictionary<long, string>();

    public string JobName(long jobId) => Jobs.GetValueOrDefault(jobId) ?? $"job {jobId} (deleted)";

    public async Task OnGetAsync(long? jobId, string? status, string? from, string? to, int offset, CancellationToken ct)
    {
        (JobId, Status, From, To, Offset) = (jobId, status, from, to, Math.Max(0, offset));
        Jobs = (await Data.Api.Store.ListJobsAsync(AppId, ct)).OrderBy(j => j.Id).ToDictionary(j => j.Id, j => j.JobName);
        IReadOnlyList<InstanceStatus>? statuses = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (WireEnum.TryParse<InstanceStatus>(status, out var parsed)) statuses = [parsed];
            else Errors["status"] = $"status '{status}' is invalid: allowed values are {WireEnum.Allowed<InstanceStatus>()}";
        }
        var created = (From: Time("from", from), To: Time("to", to));
        if (Errors.Count > 0) return;
        Instances = await Data.Api.Store.QueryInstancesAsync(
            new InstanceQuery(AppId, jobId, statuses, PageSize, Offset, created.From, created.To), ct);
    }

    public string Link(int offset) =>
        $"/console/instances?jobId={JobId}&status={Uri.EscapeDataString(Status ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&offset={offset}";

    private DateTimeOffset? Time(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTime.TryParseExact(value, [TimeFormat, TimeFormat + ":ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return new DateTimeOffset(time, TimeSpan.Zero);
        Errors[field] = $"{field} '{value}' is invalid: expected a UTC time as {TimeFormat}";
        return null;
    }
}
