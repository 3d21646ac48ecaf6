using System.Globalization;
using System.Net;
using System.Text;
using PowerJob.Akka.Model;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>Instances created in each minute of the last hour, counted by their status now: the overview's bar chart.</summary>
public sealed record InstanceChart(DateTimeOffset Start, IReadOnlyList<IReadOnlyDictionary<InstanceStatus, int>> Minutes)
{
    public const int MinuteCount = 60;

    public static readonly IReadOnlyList<(InstanceStatus Status, string Color)> Series =
    [
        (InstanceStatus.Succeed, "#3b9b55"),
        (InstanceStatus.Failed, "#c8463d"),
        (InstanceStatus.Running, "#2458c6"),
        (InstanceStatus.WaitingDispatch, "#8ea4c8"),
        (InstanceStatus.WaitingWorkerReceive, "#b6c4dc"),
        (InstanceStatus.Stopped, "#c99a2e"),
        (InstanceStatus.Canceled, "#9aa0a8"),
    ];

    public int Total => Minutes.Sum(m => m.Values.Sum());

    public int Max => Math.Max(1, Minutes.Max(m => m.Values.Sum()));

    public int Count(InstanceStatus status) => Minutes.Sum(m => m.GetValueOrDefault(status));

    public static InstanceChart From(IEnumerable<InstanceRecord> instances, DateTimeOffset now)
    {
        var end = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, now.Offset).AddMinutes(1);
        var start = end.AddMinutes(-MinuteCount);
        var minutes = Enumerable.Range(0, MinuteCount).Select(_ => new Dictionary<InstanceStatus, int>()).ToList();
        foreach (var instance in instances)
        {
            var index = (int)Math.Floor((instance.CreatedAt - start).TotalMinutes);
            if (index is < 0 or >= MinuteCount) continue;
            minutes[index][instance.Status] = minutes[index].GetValueOrDefault(instance.Status) + 1;
        }
        return new InstanceChart(start, minutes);
    }

    /// <summary>Stacked bars as inline SVG (no script, no chart library); every bar has a tooltip with its minute and count.</summary>
    public string ToSvg()
    {
        const int barWidth = 10, gap = 2, height = 140, left = 30;
        var width = left + MinuteCount * (barWidth + gap) + 10;
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg id=\"instance-chart\" role=\"img\" aria-label=\"instances per minute over the last hour\" width=\"{width}\" height=\"{height + 30}\" style=\"background:#fff;border:1px solid #d8dde6\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"14\" font-size=\"10\" fill=\"#5b6678\">{Max}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{height}\" font-size=\"10\" fill=\"#5b6678\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height}\" x2=\"{width - 10}\" y2=\"{height}\" stroke=\"#d8dde6\"/>");
        for (var i = 0; i < Minutes.Count; i++)
        {
            var x = left + i * (barWidth + gap);
            var y = (double)height;
            var label = Start.AddMinutes(i).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
            foreach (var (status, color) in Series)
            {
                var count = Minutes[i].GetValueOrDefault(status);
                if (count == 0) continue;
                var h = (height - 10) * (double)count / Max;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar\" data-status=\"{status.WireName()}\" x=\"{x}\" y=\"{y:0.##}\" width=\"{barWidth}\" height=\"{h:0.##}\" fill=\"{color}\"><title>{WebUtility.HtmlEncode($"{label} UTC: {count} {status.WireName()}")}</title></rect>");
            }
            if (i % 10 == 0)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height + 14}\" font-size=\"10\" fill=\"#5b6678\">{label}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
