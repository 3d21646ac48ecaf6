using PowerJob.Akka.Model;
using PowerJob.Akka.Server.Web;

namespace PowerJob.Akka.Server.Workflows;

/// <summary>The shape checks of a DAG: nodes present and unique, edges between known nodes, no cycle.</summary>
public static class DagValidation
{
    public static void Check(WorkflowDag dag)
    {
        if (dag.Nodes.Count == 0) throw Invalid("dag has no nodes: a workflow needs at least one node");
        var ids = new HashSet<long>();
        for (var i = 0; i < dag.Nodes.Count; i++)
        {
            var node = dag.Nodes[i];
            if (node.NodeId <= 0) throw Invalid($"dag node at index {i} has no nodeId (a positive whole number)");
            if (!ids.Add(node.NodeId)) throw Invalid($"dag node ids must be unique: node {node.NodeId} appears more than once");
            if (node.NodeType != 1) throw Invalid($"dag node {node.NodeId}: nodeType {node.NodeType} is not supported; only JOB (1)");
        }
        foreach (var edge in dag.Edges)
        {
            foreach (var end in new[] { edge.From, edge.To }.Where(end => !ids.Contains(end)))
                throw Invalid($"dag edge {edge.From} -> {edge.To} names node {end}, which is not a node of the DAG");
        }
        if (FindCycle(dag) is { } cycle) throw Invalid($"dag has a cycle: {string.Join(" -> ", cycle)}");
    }

    /// <summary>A cycle as its node ids, first node repeated at the end; null when the graph is acyclic.</summary>
    public static IReadOnlyList<long>? FindCycle(WorkflowDag dag)
    {
        var next = dag.Nodes.ToDictionary(n => n.NodeId, n => dag.Edges.Where(e => e.From == n.NodeId).Select(e => e.To).ToList());
        var state = new Dictionary<long, int>();
        var path = new List<long>();
        foreach (var start in dag.Nodes.Select(n => n.NodeId))
            if (Visit(start) is { } cycle) return cycle;
        return null;

        List<long>? Visit(long id)
        {
            if (state.GetValueOrDefault(id) == 2) return null;
            if (state.GetValueOrDefault(id) == 1) return [.. path.Skip(path.IndexOf(id)), id];
            state[id] = 1;
            path.Add(id);
            foreach (var to in next[id])
                if (Visit(to) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
            return null;
        }
    }

    private static OpenApiValidationException Invalid(string message) => new(message, "dag");
}
