using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeLstm.Messaging.Payload;

/// <summary>
/// Status payload: {"state":"online"|"degraded"|"offline","t":unix seconds,"details":{...}}.
/// Wall-clock time, unlike predictions, because a dashboard compares it with "now" to spot a stale
/// retained status.
/// </summary>
internal static class StatusJson
{
    public static byte[] Write(RobotState state, DateTimeOffset time, JsonObject? details, JsonObject? link)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("state", state.ToWireName());
            w.WriteNumber("t", Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3));
            w.WriteStartObject("details");
            if (details is not null)
            {
                foreach (var (name, value) in details)
                {
                    if (link is not null && name == "link")
                    {
                        continue; // the publisher's own counters win over a caller's field of the same name
                    }

                    w.WritePropertyName(name);
                    if (value is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(w);
                    }
                }
            }

            if (link is not null)
            {
                w.WritePropertyName("link");
                link.WriteTo(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
