using System.Buffers;
using System.Text.Json;

namespace EdgeLstm.Messaging.Payload;

/// <summary>
/// Serialises <see cref="PredictionMessage"/>s to the JSON of schemas/prediction.schema.json into one
/// reused buffer. Property names are pre-encoded; after warm-up a write allocates nothing.
/// Not thread-safe: the publisher's single sender task owns it.
/// </summary>
internal sealed class PredictionJsonWriter : IDisposable
{
    private static readonly JsonEncodedText SeqName = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText FrameName = JsonEncodedText.Encode("frame");
    private static readonly JsonEncodedText FrameValue = JsonEncodedText.Encode(PredictionMessage.OdometryFrame);
    private static readonly JsonEncodedText PoseName = JsonEncodedText.Encode("pose");
    private static readonly JsonEncodedText XName = JsonEncodedText.Encode("x");
    private static readonly JsonEncodedText YName = JsonEncodedText.Encode("y");
    private static readonly JsonEncodedText YawName = JsonEncodedText.Encode("yaw");
    private static readonly JsonEncodedText VName = JsonEncodedText.Encode("v");
    private static readonly JsonEncodedText WName = JsonEncodedText.Encode("w");
    private static readonly JsonEncodedText DtName = JsonEncodedText.Encode("dt");
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText ModelName = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText SpreadName = JsonEncodedText.Encode("spread");
    private static readonly JsonEncodedText SpreadDofName = JsonEncodedText.Encode("spread_dof");
    private static readonly JsonEncodedText YawDofName = JsonEncodedText.Encode("yaw_dof");
    private static readonly JsonEncodedText LatencyName = JsonEncodedText.Encode("latency_us");
    private static readonly JsonEncodedText GroundTruthName = JsonEncodedText.Encode("gt");

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;
    private string? _lastModelName;
    private JsonEncodedText _encodedModelName;

    public PredictionJsonWriter(int maxPoses)
    {
        // About 30 bytes a pose plus the fixed fields; the buffer grows once if a model name is long.
        _buffer = new ArrayBufferWriter<byte>(256 + 32 * maxPoses);
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>
    /// Writes <paramref name="message"/>; false when a value is NaN or infinite, which JSON cannot
    /// carry and which means the predictor failed, so the message must not be published.
    /// The returned memory is valid until the next call.
    /// </summary>
    public bool TryWrite(PredictionMessage message, out ReadOnlyMemory<byte> json)
    {
        json = default;
        if (!AllFinite(message))
        {
            return false;
        }

        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        var w = _writer;
        w.WriteStartObject();
        w.WriteNumber(SeqName, message.Seq);
        w.WriteNumber(TimeName, message.TimeSeconds);
        w.WriteString(FrameName, FrameValue);
        w.WriteStartObject(PoseName);
        w.WriteNumber(XName, message.X);
        w.WriteNumber(YName, message.Y);
        w.WriteNumber(YawName, message.Yaw);
        w.WriteEndObject();
        w.WriteNumber(VName, message.V);
        w.WriteNumber(WName, message.W);
        w.WriteNumber(DtName, message.Dt);
        w.WriteStartArray(PathName);
        var path = message.PathValues;
        for (var i = 0; i < path.Length; i += 3)
        {
            w.WriteStartArray();
            w.WriteNumberValue(path[i]);
            w.WriteNumberValue(path[i + 1]);
            w.WriteNumberValue(path[i + 2]);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        if (message.HasSpread && AllFinite(message.SpreadValues))
        {
            // Optional: models with uncertainty only; a bad value drops the field, not the prediction.
            w.WriteStartArray(SpreadName);
            var spread = message.SpreadValues;
            for (var i = 0; i < spread.Length; i += 4)
            {
                w.WriteStartArray();
                w.WriteNumberValue(spread[i]);
                w.WriteNumberValue(spread[i + 1]);
                w.WriteNumberValue(spread[i + 2]);
                w.WriteNumberValue(spread[i + 3]);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            // Student-t regions and intervals: a subscriber needs ν to size them (schemas/prediction.schema.json).
            WriteDegreesOfFreedom(w, SpreadDofName, message.SpreadDegreesOfFreedom, message.SpreadDegreesOfFreedomPerPose.Span, spread.Length / 4);
            WriteDegreesOfFreedom(w, YawDofName, message.YawDegreesOfFreedom, message.YawDegreesOfFreedomPerPose.Span, spread.Length / 4);
        }

        w.WriteString(ModelName, EncodeModelName(message.ModelName));
        w.WriteNumber(LatencyName, message.LatencyMicros);
        if (message.HasGroundTruth && double.IsFinite(message.GtX) && double.IsFinite(message.GtY) && double.IsFinite(message.GtYaw))
        {
            // Optional: only replays with ground truth have it; a bad value drops the field, not the prediction.
            w.WriteStartObject(GroundTruthName);
            w.WriteNumber(XName, message.GtX);
            w.WriteNumber(YName, message.GtY);
            w.WriteNumber(YawName, message.GtYaw);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.Flush();
        json = _buffer.WrittenMemory;
        return true;
    }

    public void Dispose() => _writer.Dispose();

    // The model name rarely changes; encoding it only when the reference changes keeps writes allocation-free.
    private JsonEncodedText EncodeModelName(string name)
    {
        if (!ReferenceEquals(name, _lastModelName))
        {
            _encodedModelName = JsonEncodedText.Encode(name);
            _lastModelName = name;
        }

        return _encodedModelName;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllFinite(PredictionMessage m)
    {
        if (!(double.IsFinite(m.TimeSeconds) && double.IsFinite(m.X) && double.IsFinite(m.Y) && double.IsFinite(m.Yaw)
              && double.IsFinite(m.V) && double.IsFinite(m.W) && double.IsFinite(m.Dt) && double.IsFinite(m.LatencyMicros)))
        {
            return false;
        }

        foreach (var value in m.PathValues)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    // ν one per pose when it varies along the path (null where the pose is Gaussian), else one number
    // when finite and above 1, else nothing (Gaussian at every pose).
    private static void WriteDegreesOfFreedom(Utf8JsonWriter w, JsonEncodedText name, double uniform, ReadOnlySpan<double> perPose, int poses)
    {
        if (!perPose.IsEmpty)
        {
            w.WriteStartArray(name);
            for (var k = 0; k < poses; k++)
            {
                var nu = k < perPose.Length ? perPose[k] : double.PositiveInfinity;
                if (double.IsFinite(nu) && nu > 1)
                {
                    w.WriteNumberValue(nu);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
        }
        else if (double.IsFinite(uniform) && uniform > 1)
        {
            w.WriteNumber(name, uniform);
        }
    }
}
