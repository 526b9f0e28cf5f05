using System.Diagnostics;
using Npgsql;

namespace Harness.Testing.Databases;

/// <summary>
/// A loopback-only PostgreSQL cluster from Debian's postgresql package, owned by this test process: initdb into
/// a temp folder, its own port and socket folder, durability switched off (a test database needs no fsync),
/// stopped and removed afterwards. PostgreSQL refuses to run as root, so as root the cluster runs as the
/// package's postgres user.
/// </summary>
internal sealed class PrivatePostgreSql : PostgreSqlServer
{
    private const string Password = "harness";
    private const string FolderPrefix = "harness-pg-";
    private static int _instances;

    private readonly string _folder;
    private readonly string _bin;
    private readonly int _port;
    private bool _stopped;

    private PrivatePostgreSql(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        _port = port;
    }

    public override string AdminConnectionString =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Password = Password, Database = "postgres" }.ConnectionString;

    public override string Description => $"private PostgreSQL on 127.0.0.1:{_port} ({_folder})";

    /// <summary>The newest installed server's bin folder (/usr/lib/postgresql/N/bin), or null.</summary>
    public static string? BinFolder() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    public static async Task<PrivatePostgreSql> StartAsync()
    {
        var bin = BinFolder() ?? throw new InvalidOperationException("Debian's postgresql package is not installed.");
        ReapAbandonedClusters(bin);
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        await File.WriteAllTextAsync(Path.Combine(folder, "pwfile"), Password + "\n");
        if (Environment.IsPrivilegedProcess)
        {
            var (code, output) = await ProcessRunner.RunAsync("chown", $"-R postgres:postgres {folder}", new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
            if (code != 0)
            {
                throw new InvalidOperationException($"Could not hand {folder} to the postgres user: {output}");
            }
        }

        var server = new PrivatePostgreSql(folder, bin, LoopbackPorts.Free());
        try
        {
            await server.InitAndStartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task InitAndStartAsync()
    {
        var data = Path.Combine(_folder, "data");
        await RunCheckedAsync(_bin, "initdb", TimeSpan.FromSeconds(120), "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
            "--pwfile", Path.Combine(_folder, "pwfile"), "-E", "UTF8", "--no-locale", "--no-sync");
        var options = $"-p {_port} -k {Path.Combine(_folder, "socket")} -c listen_addresses=127.0.0.1 -c max_connections=400 " +
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB";
        await RunCheckedAsync(_bin, "pg_ctl", TimeSpan.FromSeconds(90), "start", "-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o", options);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        // Immediate: the data is thrown away, so the shutdown checkpoint would only cost time.
        await Run(_bin, "pg_ctl", TimeSpan.FromSeconds(60), "stop", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w");
        ProcessRunner.TryDeleteFolder(_folder);
    }

    private async Task RunCheckedAsync(string bin, string tool, TimeSpan timeout, params string[] arguments)
    {
        var (code, output) = await Run(bin, tool, timeout, arguments);
        if (code != 0)
        {
            var log = Path.Combine(_folder, "server.log");
            throw new InvalidOperationException($"{tool} failed ({code}): {output.Trim()}{(File.Exists(log) ? "\nServer log:\n" + string.Join('\n', File.ReadLines(log).TakeLast(20)) : "")}");
        }
    }

    /// <summary>Runs a server tool, as the postgres user when this process is root.</summary>
    private static Task<(int Code, string Output)> Run(string bin, string tool, TimeSpan timeout, params string[] arguments)
    {
        var asRoot = Environment.IsPrivilegedProcess;
        var info = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(bin, tool)) { WorkingDirectory = Path.GetTempPath() };
        if (asRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", Path.Combine(bin, tool) })
            {
                info.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return ProcessRunner.RunAsync(info, new Dictionary<string, string>(), timeout);
    }

    /// <summary>A test process that was killed leaves its cluster running: stop clusters whose owner is gone.</summary>
    private static void ReapAbandonedClusters(string bin)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0], out var owner) || ProcessRunner.IsAlive(owner))
            {
                continue;
            }

            Run(bin, "pg_ctl", TimeSpan.FromSeconds(30), "stop", "-D", Path.Combine(folder, "data"), "-m", "immediate").GetAwaiter().GetResult();
            ProcessRunner.TryDeleteFolder(folder);
        }
    }
}
