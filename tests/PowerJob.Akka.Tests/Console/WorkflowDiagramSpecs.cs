using PowerJob.Akka.Model;
using PowerJob.Akka.Server.WebConsole;

namespace PowerJob.Akka.Tests.WebConsole;

public sealed class WorkflowDiagramSpecs
{
    private static WorkflowDag Dag(long[] nodes, params (long From, long To)[] edges) => new()
    {
        Nodes = nodes.Select(n => new WorkflowNode { NodeId = n, JobId = 100 + n, NodeName = $"n{n}" }).ToList(),
        Edges = edges.Select(e => new WorkflowEdge { From = e.From, To = e.To }).ToList(),
    };

    [Fact]
    public void A_node_sits_in_the_column_of_its_longest_path_from_a_root()
    {
        var levels = WorkflowDiagram.Levels(Dag([1, 2, 3, 4, 5], (1, 2), (2, 3), (1, 3), (4, 3)));

        Assert.Equal(new Dictionary<long, int> { [1] = 0, [2] = 1, [3] = 2, [4] = 0, [5] = 0 }, levels);
    }

    [Fact]
    public void The_svg_has_a_box_per_node_and_a_line_per_edge_and_escapes_names()
    {
        var dag = Dag([1, 2], (1, 2));
        dag = dag with { Nodes = [dag.Nodes[0] with { NodeName = "<b>&" }, dag.Nodes[1]] };
        var svg = new WorkflowDiagram(dag, new Dictionary<long, string> { [101] = "first" }).ToSvg(withStatus: false);

        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(svg, "class=\"dag-node\""));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(svg, "class=\"dag-edge\" data-from=\"1\" data-to=\"2\""));
        Assert.Contains("&lt;b&gt;&amp;", svg);
        Assert.DoesNotContain("<b>", svg);
        Assert.Contains("job 102 (deleted)", svg);
    }
}
