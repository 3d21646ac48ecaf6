using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Server.WebConsole.Pages;

/// <summary>The app's workers as the OpenAPI's <c>fetchWorkers</c> lists them.</summary>
public sealed class WorkersModel(ConsoleData data) : ConsolePage(data)
{
    public IReadOnlyList<WorkerInfo> Workers { get; private set; } = [];
    public string ServerVersion { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Workers = await Data.WorkersAsync(AppId, ct);
        ServerVersion = Versioning.PowerJobVersion.Current;
    }

    public static string Size(double megabytes) => megabytes >= 1024 ? $"{megabytes / 1024:0.#} GB" : $"{megabytes:0} MB";
}
