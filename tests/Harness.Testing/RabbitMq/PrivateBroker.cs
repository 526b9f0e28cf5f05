using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Harness.Testing.RabbitMq;

/// <summary>
/// A loopback-only broker from Debian's rabbitmq-server, owned by this test process: its data, logs,
/// cookie and epmd live under the checkout's git-ignored <c>.rabbitmq/</c> folder on free ports,
/// and all of it is stopped and removed afterwards. It can be stopped and started again on the same
/// ports with its data kept, as a broker restart looks to the service.
/// </summary>
public sealed class PrivateBroker : RabbitMqBroker
{
    private static int _instances;

    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string ControlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;
    private readonly int _amqpPort;
    private readonly int _managementPort;
    private readonly int _epmdPort;
    private readonly bool _management;
    private bool _stopped;
    private Process? _stoppingNode;

    private PrivateBroker(string folder, int amqpPort, int managementPort, int epmdPort, bool management, Dictionary<string, string> environment)
    {
        _folder = folder;
        _amqpPort = amqpPort;
        _managementPort = managementPort;
        _epmdPort = epmdPort;
        _management = management;
        _environment = environment;
    }

    public static bool IsInstalled => File.Exists(ServerScript);

    public override Uri AmqpUrl => new($"amqp://guest:guest@127.0.0.1:{_amqpPort}/");

    public override Uri ManagementUrl => new($"http://guest:guest@127.0.0.1:{_managementPort}/");

    public override string Description => $"private rabbitmq-server on 127.0.0.1:{_amqpPort} ({_folder})";

    /// <summary>Starts a broker; without the management plugin it starts in about half the time (and has only the default virtual host to use).</summary>
    public static async Task<PrivateBroker> StartAsync(bool management = true)
    {
        var parent = Path.Combine(Artifacts.RepositoryRoot() ?? Path.GetTempPath(), ".rabbitmq");
        ReapAbandonedBrokers(parent);
        var instance = Interlocked.Increment(ref _instances);
        var folder = Path.Combine(parent, $"run-{Environment.ProcessId}-{instance}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var (amqp, dist, managementPort, epmd) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var cookie = Path.Combine(folder, ".erlang.cookie");
        await File.WriteAllTextAsync(cookie, Convert.ToHexString(Guid.NewGuid().ToByteArray()));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), $"management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = {managementPort}\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), management ? "[rabbitmq_management].\n" : "[].\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq-env.conf"), "");

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = folder,
            ["RABBITMQ_NODENAME"] = $"harness{Environment.ProcessId}n{instance}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqp.ToString(),
            ["RABBITMQ_DIST_PORT"] = dist.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = epmd.ToString(),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid"),
            ["ERL_CRASH_DUMP"] = Path.Combine(folder, "erl_crash.dump"),
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "epmd.port"), epmd.ToString());

        var broker = new PrivateBroker(folder, amqp, managementPort, epmd, management, environment);
        try
        {
            await broker.BootAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    private async Task BootAsync()
    {
        // A stopped node may still be flushing on its way out: it must be gone before a new one takes its ports and files.
        await WaitUntilGoneAsync(Interlocked.Exchange(ref _stoppingNode, null));
        var started = Stopwatch.StartNew();
        await RunAsync(ServerScript, "-detached", TimeSpan.FromSeconds(30));

        // -detached returns at once, even when boot fails later: wait until the node says it is up.
        while (true)
        {
            var (code, output) = await RunAsync(ControlScript, "-q await_startup --timeout 60", TimeSpan.FromSeconds(70));
            if (code == 0)
            {
                break;
            }

            if (started.Elapsed > StartupTimeout)
            {
                throw new InvalidOperationException($"The private RabbitMQ broker did not start within {StartupTimeout.TotalSeconds} s. rabbitmqctl said: {output.Trim()}\n{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        if (!_management)
        {
            return;
        }

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri($"http://127.0.0.1:{_managementPort}/"), "api/overview"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Management listener not up yet.
            }

            if (started.Elapsed > StartupTimeout)
            {
                throw new InvalidOperationException($"The private RabbitMQ broker's management API did not answer within {StartupTimeout.TotalSeconds} s.\n{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>
    /// Shuts the broker down as an operator's restart does (SIGTERM: an orderly stop, its data kept for
    /// <see cref="StartAgainAsync"/>). Returns once it no longer accepts connections (at once: its clients' connections
    /// drop then); the Erlang VM finishes exiting meanwhile (2–3 s here), which the next start waits for.
    /// </summary>
    public async Task StopAsync()
    {
        _stoppingNode = NodeProcess(_folder) ?? throw new InvalidOperationException($"The private broker's process is not running ({_folder}).");
        var (code, output) = await ProcessRunner.RunAsync("kill", $"-TERM {_stoppingNode.Id}", new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
        if (code != 0)
        {
            throw new InvalidOperationException($"Could not stop the private broker (kill -TERM {_stoppingNode.Id}: {output.Trim()}).");
        }

        await Waiting.Eventually.UntilAsync(() => !AcceptsConnections(), $"the broker to stop accepting connections on 127.0.0.1:{_amqpPort}", TimeSpan.FromSeconds(30));
    }

    private bool AcceptsConnections()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, _amqpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Starts the stopped broker again on the same ports, with the queues and messages it had.</summary>
    public Task StartAgainAsync() => BootAsync();

    /// <summary>Kills the node outright: its data is thrown away, so an orderly stop (5–8 s) would only cost time.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (NodeProcess(_folder) is { } node)
        {
            node.Kill(entireProcessTree: true);
            await WaitUntilGoneAsync(node);
        }

        await WaitUntilGoneAsync(Interlocked.Exchange(ref _stoppingNode, null));
        await StopEpmdAsync(_epmdPort);
        ProcessRunner.TryDeleteFolder(_folder);
    }

    /// <summary>The Erlang VM running the node (from the pid file rabbitmq-server writes at boot), if it runs.</summary>
    private static Process? NodeProcess(string folder)
    {
        var pidFile = Path.Combine(folder, "rabbitmq.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) || !ProcessRunner.IsAlive(pid))
        {
            return null;
        }

        return Process.GetProcessById(pid);
    }

    private static async Task WaitUntilGoneAsync(Process? node)
    {
        if (node is not null)
        {
            using (node)
            {
                // Not our child (rabbitmq-server -detached): its exit is polled, not awaited.
                await Waiting.Eventually.UntilAsync(() => !ProcessRunner.IsAlive(node.Id), $"the broker's Erlang VM (pid {node.Id}) to exit", TimeSpan.FromSeconds(60));
            }
        }
    }

    private async Task<(int Code, string Output)> RunAsync(string file, string arguments, TimeSpan timeout) =>
        await ProcessRunner.RunAsync(file, arguments, _environment, timeout);

    private static async Task StopEpmdAsync(int port) =>
        await ProcessRunner.RunAsync("epmd", $"-port {port} -kill", new Dictionary<string, string> { ["ERL_EPMD_PORT"] = port.ToString() }, TimeSpan.FromSeconds(10));

    private string LogTail()
    {
        var logs = Path.Combine(_folder, "log");
        if (!Directory.Exists(logs))
        {
            return "(no broker log was written)";
        }

        var lines = Directory.EnumerateFiles(logs, "*.log").SelectMany(File.ReadLines).TakeLast(30);
        return "Broker log (last lines):\n" + string.Join('\n', lines);
    }

    /// <summary>A test process that was killed leaves its broker running: stop brokers whose owner is gone.</summary>
    private static void ReapAbandonedBrokers(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(parent, "run-*"))
        {
            if (!int.TryParse(Path.GetFileName(folder)["run-".Length..].Split('-')[0], out var owner) || ProcessRunner.IsAlive(owner))
            {
                continue;
            }

            using (var node = NodeProcess(folder))
            {
                node?.Kill(entireProcessTree: true);
            }

            if (File.Exists(Path.Combine(folder, "epmd.port")) && int.TryParse(File.ReadAllText(Path.Combine(folder, "epmd.port")), out var epmd))
            {
                StopEpmdAsync(epmd).GetAwaiter().GetResult();
            }

            ProcessRunner.TryDeleteFolder(folder);
        }
    }
}
