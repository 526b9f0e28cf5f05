using System.Diagnostics;
using Harness.Testing;
using Harness.Testing.Apps;
using Harness.Testing.RabbitMq;
using Harness.Testing.Workload;

namespace Harness.Specs.Support;

/// <summary>
/// What a fault scenario (@fault) runs and measures in real time: a broker of its own that it can stop,
/// a stream of Outlook changes, /health as a monitor sees it during the fault, and the tally it prints.
/// </summary>
public sealed class FaultRun(ScenarioWorld world) : IAsyncDisposable
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private CancellationTokenSource? _stopStream;
    private Task? _stream;

    public PrivateBroker? Broker { get; private set; }

    public GraphProxy? Proxy { get; set; }

    public OutlookActivity? Outlook { get; private set; }

    public List<string> StreamErrors { get; } = [];

    public List<HealthSample> HealthSamples { get; } = [];

    /// <summary>Admin API writes made during the fault: HTTP status and how long each took.</summary>
    public List<(int Status, TimeSpan Took)> AdminWrites { get; } = [];

    /// <summary>Real seconds from the end of the fault until every consumer ran again and the backlog was handed on.</summary>
    public double? RecoverySeconds { get; set; }

    public string FaultDescription { get; set; } = "";

    public TimeSpan Now => _elapsed.Elapsed;

    /// <summary>A broker for this scenario only (Debian's rabbitmq-server, no management plugin: it boots in ~2 s), so stopping it disturbs no other scenario.</summary>
    public async Task<PrivateBroker> StartBrokerAsync()
    {
        if (!PrivateBroker.IsInstalled)
        {
            throw new InvalidOperationException("The fault scenarios stop and restart a broker of their own: install Debian's rabbitmq-server (./harness test does).");
        }

        Broker = await PrivateBroker.StartAsync(management: false);
        world.DisposeAfterNodes.Add(Broker);
        return Broker;
    }

    public void StartOutlook(int changesPerSecond)
    {
        var control = world.Simulator.CreateHttpClient();
        Outlook = new OutlookActivity(control, world.RoomObjects.Keys.ToList(), [ScenarioWorld.Mailbox("alex.wilber"), ScenarioWorld.Mailbox("booking.service")], world.Clock);
        _stopStream = new CancellationTokenSource();
        _stream = StreamAsync(Outlook, TimeSpan.FromSeconds(1.0 / changesPerSecond), _stopStream.Token);
    }

    public async Task StopOutlookAsync()
    {
        if (_stopStream is not null && _stream is not null)
        {
            await _stopStream.CancelAsync();
            await _stream;
        }
    }

    /// <summary>People keep using Outlook at a steady pace (real time), whatever the service is going through.</summary>
    private async Task StreamAsync(OutlookActivity outlook, TimeSpan every, CancellationToken stop)
    {
        using var pace = new PeriodicTimer(every);
        try
        {
            while (await pace.WaitForNextTickAsync(stop))
            {
                try
                {
                    await outlook.ChangeAsync();
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
                {
                    lock (StreamErrors)
                    {
                        StreamErrors.Add(ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Outlook stopped changing.
        }
    }

    /// <summary>Asks /health every half second until told to stop, as a monitor would.</summary>
    public async Task SampleHealthAsync(SyncServiceApp node, string phase, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        do
        {
            var asked = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync("health", CancellationToken.None);
                HealthSamples.Add(new HealthSample(phase, (int)response.StatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None), asked.Elapsed));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                HealthSamples.Add(new HealthSample(phase, 0, ex.Message, asked.Elapsed));
            }
        }
        while (await WaitAsync(pace, stop));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer pace, CancellationToken stop)
    {
        try
        {
            return await pace.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The tally line of this run: printed, and collected in artifacts/faults/tally.txt for ./harness test to show.</summary>
    public string Report(string scenario, ComparisonResult result)
    {
        var health = HealthSamples.Where(s => s.Phase == "fault").ToList();
        var line = $"{scenario}: {FaultDescription}; Outlook: {Outlook?.Tally.ToString() ?? "no stream"}; {result}"
            + (RecoverySeconds is { } seconds ? $"; recovered in {seconds:0.0} s" : "")
            + (health.Count > 0 ? $"; /health during the fault: {health.Count} answers ({string.Join(", ", health.GroupBy(h => h.Status).Select(g => $"{g.Count()}x {g.Key}"))}), slowest {health.Max(h => h.Took.TotalMilliseconds):0} ms" : "");
        Console.WriteLine(line);
        Artifacts.AppendLine("faults", "tally.txt", line);
        return line;
    }

    public async ValueTask DisposeAsync()
    {
        await StopOutlookAsync();
        Proxy?.Dispose();
        _stopStream?.Dispose();
    }
}

/// <summary>One /health answer: during which phase, its HTTP status (0: no answer), its body, and how long it took.</summary>
public sealed record HealthSample(string Phase, int StatusCode, string Body, TimeSpan Took)
{
    public string Status => StatusCode == 0 ? "no answer" : Json()?.GetProperty("status").GetString() ?? $"HTTP {StatusCode}";

    /// <summary>The reason one check gave, or null.</summary>
    public string? Check(string name) =>
        Json() is { } json && json.GetProperty("checks").TryGetProperty(name, out var check) ? $"{check.GetProperty("status").GetString()}: {check.GetProperty("description").GetString()}" : null;

    private System.Text.Json.JsonElement? Json()
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(Body).RootElement.Clone();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
