using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// A node started as a child process from a built console host (<c>dotnet Host.dll --config ... --key=value</c>), its
/// stdout and stderr kept (the last lines) for failure messages. <see cref="Kill"/> is SIGKILL: no shutdown hook runs.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly Lock _lock = new();

    private NodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="dll"/> (a file name in the test output folder) with the given arguments.</summary>
    public static NodeProcess Start(string name, string dll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) start.ArgumentList.Add(a);
        // Two cores shared with the test host and other nodes: keep each child small.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(name, process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> (also one already seen), failing with the output.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout, bool includeSeen = true)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var seen = includeSeen ? _lines.Select(l => regex.Match(l)).FirstOrDefault(m => m.Success) : null;
            if (seen is not null) return seen;
            _waiters.Add((regex, found));
        }
        var exited = _process.WaitForExitAsync();
        var winner = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));
        if (winner == found.Task) return await found.Task;
        lock (_lock) _waiters.RemoveAll(w => w.Found == found);
        var why = winner == exited ? $"exited with code {_process.ExitCode}" : $"no line matching /{pattern}/ within {timeout.TotalSeconds} s";
        throw new Xunit.Sdk.XunitException($"{Name}: {why}\n{Output()}");
    }

    /// <summary>The kept output, for a failure message.</summary>
    public string Output()
    {
        lock (_lock) return $"--- last output of {Name} (pid {_process.Id}) ---\n" + string.Join('\n', _lines);
    }

    /// <summary>SIGKILL, then wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
        OnLine($"=== killed (SIGKILL) by the test at {DateTime.UtcNow:HH:mm:ss.fff} ===");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"killing {Name}: {e.Message}");
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > KeptLines) _lines.Dequeue();
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (!match.Success) continue;
                _waiters[i].Found.TrySetResult(match);
                _waiters.RemoveAt(i);
            }
        }
    }
}
