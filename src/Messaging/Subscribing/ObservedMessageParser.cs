using System.Buffers;
using System.Text.Json;

namespace EdgeLstm.Messaging.Subscribing;

/// <summary>Parses prediction and status payloads into <see cref="ObservedMessage"/>s; never throws on bad input.</summary>
public static class ObservedMessageParser
{
    public static ObservedMessage ParsePrediction(string robotId, string topic, ReadOnlySequence<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var pose = root.GetProperty("pose");
            var path = root.GetProperty("path");
            ObservedPose? end = path.GetArrayLength() == 0 ? null : ReadPathPose(path[path.GetArrayLength() - 1]);
            return new ObservedPrediction(
                robotId,
                topic,
                root.GetProperty("seq").GetInt64(),
                root.GetProperty("t").GetDouble(),
                new ObservedPose(pose.GetProperty("x").GetDouble(), pose.GetProperty("y").GetDouble(), pose.GetProperty("yaw").GetDouble()),
                end,
                path.GetArrayLength(),
                root.GetProperty("model").GetString() ?? string.Empty,
                root.GetProperty("latency_us").GetDouble(),
                Radius90(root, 1.0),
                Radius90(root, 2.0));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return new ObservedMalformed(robotId, topic, $"bad prediction: {ex.Message}");
        }
    }

    public static ObservedMessage ParseStatus(string robotId, string topic, ReadOnlySequence<byte> payload, bool retained)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var state = root.GetProperty("state").GetString() ?? string.Empty;
            var time = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : double.NaN;
            return new ObservedStatus(robotId, topic, state, time, retained) { GuardGain = GuardGain(root) };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ObservedMalformed(robotId, topic, $"bad status: {ex.Message}");
        }
    }

    // details.guard.mean_gain, optional: older workers and other publishers do not send it.
    private static double? GuardGain(JsonElement root) =>
        root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
        && details.TryGetProperty("guard", out var guard) && guard.ValueKind == JsonValueKind.Object
        && guard.TryGetProperty("mean_gain", out var gain) && gain.ValueKind == JsonValueKind.Number
            ? gain.GetDouble()
            : null;

    // The 90 % ellipse of [σx, σy, ρ] has semi-major axis √(−2 ln 0.1 · λ_max), λ_max the covariance's larger
    // eigenvalue; with or without "spread_dof" (the published σ are the Gaussian's with the same 90 % region).
    private static double? Radius90(JsonElement root, double seconds)
    {
        if (!root.TryGetProperty("spread", out var spread) || !root.TryGetProperty("dt", out var dtElement) || !(dtElement.GetDouble() > 0))
        {
            return null;
        }

        var k = (int)Math.Round(seconds / dtElement.GetDouble()) - 1;
        if (k < 0 || k >= spread.GetArrayLength())
        {
            return null;
        }

        var pose = spread[k];
        if (pose.GetArrayLength() != 4)
        {
            throw new FormatException("a spread entry must be [sigma_x, sigma_y, rho, sigma_yaw]");
        }

        var (sx, sy, rho) = (pose[0].GetDouble(), pose[1].GetDouble(), pose[2].GetDouble());
        var (xx, yy, xy) = (sx * sx, sy * sy, rho * sx * sy);
        var largest = (0.5 * (xx + yy)) + Math.Sqrt((0.25 * (xx - yy) * (xx - yy)) + (xy * xy));
        return Math.Sqrt(-2 * Math.Log(0.1) * largest);
    }

    private static ObservedPose ReadPathPose(JsonElement triple)
    {
        if (triple.GetArrayLength() != 3)
        {
            throw new FormatException("a path pose must be [x, y, yaw]");
        }

        return new ObservedPose(triple[0].GetDouble(), triple[1].GetDouble(), triple[2].GetDouble());
    }
}
