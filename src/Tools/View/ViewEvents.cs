using System.Text;
using System.Text.Json;

namespace EdgeLstm.Tools.View;

/// <summary>
/// Formats the server-sent events the page reads: "prediction" and "status" carry the broker's JSON
/// payload as it was published (schemas/*.schema.json are the contract, not a second format here),
/// wrapped with the robot id; "broker" says whether the view is connected.
/// </summary>
internal static class ViewEvents
{
    /// <summary>The event, or null when the payload is not one JSON value (it would corrupt the page's stream).</summary>
    public static string? Wrap(string kind, string robot, ReadOnlySpan<byte> payload, bool retained)
    {
        if (!IsJson(payload))
        {
            return null;
        }

        var robotJson = JsonSerializer.Serialize(robot, ViewJsonContext.Default.String);

        // Compact JSON has no line breaks, but a publisher may pretty-print: SSE data ends at a newline.
        var body = Encoding.UTF8.GetString(payload).ReplaceLineEndings(" ");
        return $"event: {kind}\ndata: {{\"robot\":{robotJson},\"retained\":{(retained ? "true" : "false")},\"payload\":{body}}}\n\n";
    }

    public static string Broker(bool connected, string uri, string? error)
    {
        var state = new BrokerState(connected, uri, error);
        return $"event: broker\ndata: {JsonSerializer.Serialize(state, ViewJsonContext.Default.BrokerState)}\n\n";
    }

    private static bool IsJson(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
