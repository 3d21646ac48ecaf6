using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Cluster;
using PowerJob.Akka.Server.OpenApi;
using PowerJob.Akka.Server.Web;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole.Pages.Jobs;

/// <summary>
/// Creates (<c>/console/jobs/new</c>) or edits a job with the OpenAPI's <c>saveJob</c> handler; its validation messages
/// are shown beside the field they name.
/// </summary>
public sealed class EditJobModel(ConsoleData data) : ConsolePage(data)
{
    public static readonly string[] Fields =
    [
        "jobName", "jobDescription", "processorInfo", "executeType", "timeExpressionType", "timeExpression", "timeZone", "jobParams",
        "maxInstanceNum", "instanceRetryNum", "taskRetryNum", "instanceTimeLimit", "concurrency", "dispatchStrategy",
        "designatedWorkers", "maxWorkerCount", "enable",
    ];

    public long? JobId { get; private set; }
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string> OfferedProcessors { get; private set; } = [];
    public SchedulePreview? Preview { get; private set; }

    public string? Value(string field) => Values.GetValueOrDefault(field);
    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!TryParseId(id, out var jobId)) return NotFound();
        JobId = jobId;
        var job = jobId is { } existing ? await Data.Api.Store.FindJobAsync(existing, ct) : new JobRecord();
        if (job is null || (jobId is not null && job.AppId != AppId)) return NotFound();
        Fill(job);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!TryParseId(id, out var jobId)) return NotFound();
        JobId = jobId;
        foreach (var field in Fields) Values[field] = Request.Form[field].FirstOrDefault();
        try
        {
            var parameters = Values.Select(v => (v.Key, (object?)v.Value)).ToList();
            if (jobId is { } existing) parameters.Add(("id", existing));
            var saved = await JobEndpoints.SaveJobAsync(ConsoleData.Params(AppId, [.. parameters]), Data.Api, ct);
            Flash = $"job {saved} '{Values["jobName"]?.Trim()}' saved";
            return LocalRedirect("/console/jobs");
        }
        catch (Exception e) when (e is OpenApiValidationException or NoOwnerException)
        {
            Errors[e is OpenApiValidationException { Field: { } field } && Fields.Contains(field) ? field : ""] = e.Message;
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>The next five fire times of what the form holds, for the preview beside the expression.</summary>
    public JsonResult OnGetPreview(string? timeExpressionType, string? timeExpression, string? timeZone) =>
        new(SchedulePreview.Of(timeExpressionType, timeExpression, timeZone, Data.Now));

    private async Task LoadAsync(CancellationToken ct)
    {
        var workers = await Data.WorkersAsync(AppId, ct);
        OfferedProcessors = workers.Where(w => w.Alive).SelectMany(w => w.Processors ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!string.Equals(Value("timeExpressionType"), "API", StringComparison.OrdinalIgnoreCase) && !Errors.ContainsKey("timeExpression"))
            Preview = SchedulePreview.Of(Value("timeExpressionType"), Value("timeExpression"), Value("timeZone"), Data.Now);
    }

    private void Fill(JobRecord job)
    {
        string Int(long v) => v.ToString(CultureInfo.InvariantCulture);
        Values["jobName"] = job.JobName;
        Values["jobDescription"] = job.Description;
        Values["processorInfo"] = job.ProcessorInfo;
        Values["executeType"] = WireEnum.Name(job.ExecuteType);
        Values["timeExpressionType"] = WireEnum.Name(job.TimeExpressionType);
        Values["timeExpression"] = job.TimeExpression;
        Values["timeZone"] = job.TimeZone;
        Values["jobParams"] = job.JobParams;
        Values["maxInstanceNum"] = Int(job.MaxInstanceNum);
        Values["instanceRetryNum"] = Int(job.InstanceRetryNum);
        Values["taskRetryNum"] = Int(job.TaskRetryNum);
        Values["instanceTimeLimit"] = Int(job.InstanceTimeLimitMs);
        Values["concurrency"] = Int(job.Concurrency);
        Values["dispatchStrategy"] = WireEnum.Name(job.DispatchStrategy);
        Values["designatedWorkers"] = job.DesignatedWorkers;
        Values["maxWorkerCount"] = Int(job.MaxWorkerCount);
        Values["enable"] = job.Enabled ? "true" : "false";
    }

    private static bool TryParseId(string id, out long? jobId)
    {
        jobId = null;
        if (id == "new") return true;
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        jobId = parsed;
        return true;
    }

    public static IEnumerable<string> Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(WireEnum.Name);
}
