using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using OutlookSync.Webhooks;

namespace Harness.Bench;

/// <summary>The webhook's own CPU per request (./harness bench --micro): reading Graph's body and checking the clientState.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MicroBenchmarks
{
    private byte[] _one = [];
    private byte[] _hundred = [];
    private OutlookSync.Integrations.SecretProtector _secrets = null!;
    private string _protectedClientState = "";
    private ClientStates _clientStates = null!;

    [GlobalSetup]
    public void Setup()
    {
        _one = Batch(1);
        _hundred = Batch(100);
        _secrets = new OutlookSync.Integrations.SecretProtector(new EphemeralDataProtectionProvider());
        _protectedClientState = _secrets.Protect("3f1c2b7e9d8a4c6b5e0f1a2b3c4d5e6f");
        _clientStates = new ClientStates(_secrets);
    }

    [Benchmark(Description = "parse a batch of 1 notification")]
    public int ParseOne() => JsonSerializer.Deserialize<ChangeNotificationCollection>(_one, OutlookWebhookEndpoint.Json)!.Value!.Count;

    [Benchmark(Description = "parse a batch of 100 notifications")]
    public int ParseHundred() => JsonSerializer.Deserialize<ChangeNotificationCollection>(_hundred, OutlookWebhookEndpoint.Json)!.Value!.Count;

    [Benchmark(Description = "clientState check, first of a subscription (unprotect + constant-time compare)")]
    public bool CheckClientState() => NotificationGate.SameClientState(_secrets.Unprotect(_protectedClientState), "3f1c2b7e9d8a4c6b5e0f1a2b3c4d5e6f");

    [Benchmark(Description = "clientState check, later ones (cached clear value + constant-time compare)")]
    public bool CheckCachedClientState() => NotificationGate.SameClientState(_clientStates.Unprotect(_protectedClientState), "3f1c2b7e9d8a4c6b5e0f1a2b3c4d5e6f");

    private static byte[] Batch(int count) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        value = Enumerable.Range(0, count).Select(i => new Dictionary<string, object?>
        {
            ["subscriptionId"] = Guid.NewGuid().ToString(),
            ["clientState"] = "3f1c2b7e9d8a4c6b5e0f1a2b3c4d5e6f",
            ["changeType"] = "updated",
            ["resource"] = $"Users/{Guid.NewGuid()}/Events/AAMkAGI2TG93AAA{i}",
            ["subscriptionExpirationDateTime"] = "2026-11-29T10:00:00+00:00",
            ["tenantId"] = Guid.NewGuid().ToString(),
            ["resourceData"] = new Dictionary<string, object?> { ["@odata.type"] = "#Microsoft.Graph.Event", ["@odata.etag"] = "W/\"DwAAABYAAAA\"", ["id"] = $"AAMkAGI2TG93AAA{i}" },
        }),
    }));
}
