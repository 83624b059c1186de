using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

internal static class TestPredictions
{
    public const int Poses = 20;
    public const string Model = "lstm-h64-int8";

    /// <summary>A straight-ahead path at 1 m/s with a slight left turn, values easy to check by eye.</summary>
    public static void Fill(PredictionMessage slot, long seq)
    {
        slot.Seq = seq;
        slot.TimeSeconds = seq * 0.05;
        slot.X = 1.5;
        slot.Y = -0.25;
        slot.Yaw = 0.1;
        slot.V = 1.0;
        slot.W = 0.05;
        slot.Dt = 0.1;
        slot.ModelName = Model;
        slot.LatencyMicros = 180.5;
        for (var k = 0; k < slot.PathLength; k++)
        {
            slot.SetPathPose(k, 1.5f + (0.1f * (k + 1)), -0.25f + (0.001f * k), 0.1f + (0.005f * k));
        }
    }

    /// <summary>Fills and commits one prediction; false if the publisher refused a slot.</summary>
    public static bool Publish(MqttPredictionPublisher publisher, long seq, int poses = Poses)
    {
        if (!publisher.TryGetSlot(poses, out var slot))
        {
            return false;
        }

        Fill(slot, seq);
        publisher.Commit(slot);
        return true;
    }

    public static MqttPublisherOptionsBuilder Options(Uri broker, string robot) => new MqttPublisherOptionsBuilder()
        .WithBroker(broker)
        .WithRobotId(robot)
        .WithReconnectBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400))
        .WithConnectTimeout(TimeSpan.FromSeconds(3));

    public static string SchemaPath => Path.Combine(EdgeLstm.Tests.Shared.RepoPaths.Root, "schemas", "prediction.schema.json");

    public static string StatusSchemaPath => Path.Combine(EdgeLstm.Tests.Shared.RepoPaths.Root, "schemas", "status.schema.json");
}
