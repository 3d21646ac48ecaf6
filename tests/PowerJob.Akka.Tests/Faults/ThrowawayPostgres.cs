using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PowerJob.Akka.Tests.Faults;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temp folder, pg_ctl on a free port), so a scenario can stop
/// and start it without disturbing the PostgreSQL other tests share. Run as the postgres user when the tests run as
/// root (CI). Needs the PostgreSQL server binaries (<c>/usr/lib/postgresql/*/bin</c>).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private ThrowawayPostgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=10";

    /// <summary>The newest PostgreSQL server binaries folder, or null when none is installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("no PostgreSQL server binaries under /usr/lib/postgresql");
        var dir = Directory.CreateTempSubdirectory("pj-faults-pg-").FullName;
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", dir]);
        var pg = new ThrowawayPostgres(bin, dir, FreePort());
        await pg.PgAsync("initdb", ["-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
        await pg.StartServerAsync();
        return pg;
    }

    /// <summary>Starts the server (again): the data is kept across <see cref="StopAsync"/>.</summary>
    public Task StartServerAsync() => PgAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);

    /// <summary>Stops it as a crash would (immediate mode): connections are cut at once.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (Exception e) { Console.Error.WriteLine($"stopping the throw-away PostgreSQL: {e.Message}"); }
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, IReadOnlyList<string> args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stdout}{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
