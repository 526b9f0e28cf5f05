using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GraphSimulator.Graph;

/// <summary>Graph's JSON: camelCase, nulls written out, date-times in UTC with a trailing Z and 7 decimals.</summary>
public static class GraphJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>The request body as T, or null when it is not JSON or not of that shape (the caller answers 400).</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return default;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        return options;
    }

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
    }
}
