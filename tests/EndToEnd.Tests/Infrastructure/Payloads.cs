using System.Text.Json;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Tests.Shared;

namespace EdgeLstm.EndToEnd.Tests.Infrastructure;

/// <summary>Reading what the worker published, as an independent subscriber would.</summary>
internal static class Payloads
{
    public static MiniJsonSchemaValidator PredictionSchema { get; } = MiniJsonSchemaValidator.FromFile(Path.Combine(RepoPaths.Root, "schemas", "prediction.schema.json"));

    public static MiniJsonSchemaValidator StatusSchema { get; } = MiniJsonSchemaValidator.FromFile(Path.Combine(RepoPaths.Root, "schemas", "status.schema.json"));

    public static bool IsPrediction(RecordedMessage m) => m.Topic.EndsWith("/prediction", StringComparison.Ordinal);

    public static bool IsStatus(RecordedMessage m) => m.Topic.EndsWith("/status", StringComparison.Ordinal);

    public static bool IsMeta(RecordedMessage m) => m.Topic.EndsWith("/meta", StringComparison.Ordinal);

    public static string State(RecordedMessage status)
    {
        using var document = JsonDocument.Parse(status.Payload);
        return document.RootElement.GetProperty("state").GetString()!;
    }

    /// <summary>details.link.reason of a status ("connection lost" for the Last Will, "shutdown" for a clean stop).</summary>
    public static string? LinkReason(RecordedMessage status)
    {
        using var document = JsonDocument.Parse(status.Payload);
        return document.RootElement.GetProperty("details").TryGetProperty("link", out var link) && link.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }

    /// <summary>A number from the worker's status details ("dropped", "reconnects", ...), or -1.</summary>
    public static long Detail(RecordedMessage status, string name)
    {
        using var document = JsonDocument.Parse(status.Payload);
        return document.RootElement.GetProperty("details").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : -1;
    }

    public static long Seq(RecordedMessage prediction)
    {
        using var document = JsonDocument.Parse(prediction.Payload);
        return document.RootElement.GetProperty("seq").GetInt64();
    }

    /// <summary>The value of a "name   value" line of the replay summary.</summary>
    public static long SummaryValue(string output, string name)
    {
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no '{name}' line in the output: {output}");
    }
}
