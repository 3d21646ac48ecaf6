using System.Globalization;
using System.Net;
using System.Text;
using PowerJob.Akka.Model;

namespace PowerJob.Akka.Server.WebConsole;

/// <summary>
/// A DAG laid out in columns: a node's column is its longest path from a root, so every edge points right. Drawn as
/// inline SVG on the server (no script, no graph library); in a workflow instance each box is coloured by its node's status.
/// </summary>
public sealed class WorkflowDiagram
{
    private const int BoxWidth = 170, BoxHeight = 48, ColumnGap = 60, RowGap = 18, Pad = 16;

    private readonly WorkflowDag _dag;
    private readonly IReadOnlyDictionary<long, string> _jobNames;
    private readonly Dictionary<long, (int Column, int Row)> _cells = [];

    public WorkflowDiagram(WorkflowDag dag, IReadOnlyDictionary<long, string> jobNames)
    {
        _dag = dag;
        _jobNames = jobNames;
        var levels = Levels(dag);
        foreach (var column in dag.Nodes.Where(n => levels.ContainsKey(n.NodeId)).GroupBy(n => levels[n.NodeId]))
        {
            var row = 0;
            foreach (var node in column) _cells.TryAdd(node.NodeId, (column.Key, row++));
        }
    }

    public static IReadOnlyDictionary<long, int> Levels(WorkflowDag dag)
    {
        var level = new Dictionary<long, int>();
        foreach (var node in dag.Nodes) level.TryAdd(node.NodeId, 0);
        var edges = dag.Edges.Where(e => level.ContainsKey(e.From) && level.ContainsKey(e.To)).ToList();
        // A DAG settles within as many rounds as it has nodes; the bound keeps a cycle (refused on save) from looping forever.
        for (var round = 0; round < level.Count; round++)
        {
            var changed = false;
            foreach (var edge in edges.Where(e => level[e.To] < level[e.From] + 1))
            {
                level[edge.To] = level[edge.From] + 1;
                changed = true;
            }
            if (!changed) break;
        }
        return level;
    }

    public string Label(long nodeId) =>
        _dag.Nodes.FirstOrDefault(n => n.NodeId == nodeId) is { } node ? $"{Name(node)} ({nodeId})" : $"node {nodeId} (missing)";

    public string JobName(long jobId) => _jobNames.TryGetValue(jobId, out var name) ? $"{jobId} · {name}" : $"{jobId} (deleted)";

    public static string StatusName(WorkflowNode node) => node.NodeStatus?.WireName() ?? "NOT_STARTED";

    public string ToSvg(bool withStatus)
    {
        var columns = _cells.Count == 0 ? 1 : _cells.Values.Max(c => c.Column) + 1;
        var rows = _cells.Count == 0 ? 1 : _cells.Values.Max(c => c.Row) + 1;
        var width = 2 * Pad + columns * BoxWidth + (columns - 1) * ColumnGap;
        var height = 2 * Pad + rows * BoxHeight + (rows - 1) * RowGap;
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg id=\"dag\" role=\"img\" aria-label=\"the workflow's DAG\" width=\"{width}\" height=\"{height}\" style=\"background:#fff;border:1px solid #d8dde6\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
            .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5b6678\"/></marker></defs>");
        var drawn = _dag.Edges.Where(e => _cells.ContainsKey(e.From) && _cells.ContainsKey(e.To)).ToList();
        foreach (var edge in drawn)
        {
            var (from, to) = (_cells[edge.From], _cells[edge.To]);
            var (y1, y2) = (Y(from.Row) + Spread(drawn.Where(e => e.From == edge.From).ToList(), edge),
                Y(to.Row) + Spread(drawn.Where(e => e.To == edge.To).ToList(), edge));
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"dag-edge\" data-from=\"{edge.From}\" data-to=\"{edge.To}\" x1=\"{X(from.Column) + BoxWidth}\" y1=\"{y1}\" x2=\"{X(to.Column)}\" y2=\"{y2}\" stroke=\"#5b6678\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
        }
        foreach (var node in _dag.Nodes)
        {
            if (!_cells.TryGetValue(node.NodeId, out var cell)) continue;
            var status = withStatus ? StatusName(node) : null;
            var (fill, stroke) = Colors(withStatus ? node.NodeStatus : null);
            var (x, y) = (X(cell.Column), Y(cell.Row));
            var title = $"{Label(node.NodeId)}, job {JobName(node.JobId)}{(node.Enable ? "" : ", disabled")}{(status is null ? "" : $": {status}")}";
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"dag-node\" data-node-id=\"{node.NodeId}\"{(status is null ? "" : $" data-status=\"{status}\"")}>")
                .Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>")
                .Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{(node.Enable ? "" : " stroke-dasharray=\"4 3\"")}/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 8}\" y=\"{y + 19}\" font-size=\"13\" font-weight=\"600\" fill=\"#1d2430\">{Encode(Cut(Name(node), 22))}</text>")
                .Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{x + 8}\" y=\"{y + 37}\" font-size=\"11\" fill=\"#5b6678\">{Encode(Cut(status ?? $"job {JobName(node.JobId)}", 26))}</text>")
                .Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Where on a box's side an edge ends, so that edges sharing a box do not end in one point.</summary>
    private static int Spread(List<WorkflowEdge> sharing, WorkflowEdge edge) =>
        BoxHeight * (sharing.IndexOf(edge) + 1) / (sharing.Count + 1);

    private static int X(int column) => Pad + column * (BoxWidth + ColumnGap);

    private static int Y(int row) => Pad + row * (BoxHeight + RowGap);

    private static string Name(WorkflowNode node) => string.IsNullOrWhiteSpace(node.NodeName) ? $"node {node.NodeId}" : node.NodeName;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static (string Fill, string Stroke) Colors(InstanceStatus? status) => status switch
    {
        InstanceStatus.Succeed => ("#dcefe0", "#1e7b34"),
        InstanceStatus.Failed => ("#f6dcdb", "#b3261e"),
        InstanceStatus.Running or InstanceStatus.WaitingDispatch or InstanceStatus.WaitingWorkerReceive => ("#dde7fa", "#2458c6"),
        InstanceStatus.Stopped or InstanceStatus.Canceled => ("#f3ead3", "#9a6700"),
        _ => ("#ffffff", "#8a94a6"),
    };
}
