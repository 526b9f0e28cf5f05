using System.Text.Json;

namespace OutlookSync.Queueing;

/// <summary>Jobs travel as JSON so operators can read them in the broker and old workers can skip new fields.</summary>
public static class JobSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize<T>(T job) => JsonSerializer.SerializeToUtf8Bytes(job, Options);

    public static T Deserialize<T>(ReadOnlyMemory<byte> body) =>
        JsonSerializer.Deserialize<T>(body.Span, Options)
        ?? throw new JsonException($"Empty {typeof(T).Name} job.");
}
