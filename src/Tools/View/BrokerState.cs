using System.Text.Json.Serialization;

namespace EdgeLstm.Tools.View;

/// <summary>The view's connection to the broker, as the page shows it.</summary>
internal sealed record BrokerState(
    [property: JsonPropertyName("connected")] bool Connected,
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>Source-generated serialisation: no reflection, so the view stays trim-friendly.</summary>
[JsonSerializable(typeof(BrokerState))]
[JsonSerializable(typeof(string))]
internal sealed partial class ViewJsonContext : JsonSerializerContext;
