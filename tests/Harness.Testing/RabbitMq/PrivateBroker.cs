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

    /// <summary>Shuts the broker down (its connections drop), keeping its data for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        var (code, output) = await RunAsync(ControlScript, "-q shutdown", TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl shutdown failed ({code}): {output}");
        }
    }

    /// <summary>Starts the stopped broker again on the same ports, with the queues and messages it had.</summary>
    public Task StartAgainAsync() => BootAsync();

    public override async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await RunAsync(ControlScript, "-q shutdown", TimeSpan.FromSeconds(60));
        await StopEpmdAsync(_epmdPort);
        ProcessRunner.TryDeleteFolder(_folder);
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

            if (File.Exists(Path.Combine(folder, "rabbitmq.pid")) && int.TryParse(File.ReadAllText(Path.Combine(folder, "rabbitmq.pid")).Trim(), out var beam) && ProcessRunner.IsAlive(beam))
            {
                Process.GetProcessById(beam).Kill(entireProcessTree: true);
            }

            if (File.Exists(Path.Combine(folder, "epmd.port")) && int.TryParse(File.ReadAllText(Path.Combine(folder, "epmd.port")), out var epmd))
            {
                StopEpmdAsync(epmd).GetAwaiter().GetResult();
            }

            ProcessRunner.TryDeleteFolder(folder);
        }
    }
}
