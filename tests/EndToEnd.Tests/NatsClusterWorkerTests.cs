using System.Text.Json;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using MQTTnet.Formatter;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>The worker process on the three-node NATS cluster (MQTT 3.1.1 only).</summary>
[Collection(NatsClusterGroup.Name)]
public sealed class NatsClusterWorkerTests(NatsClusterFixture cluster, ITestOutputHelper output)
{
    [NatsFact]
    public async Task Robot_Killed_With_Sigkill_Leaves_Offline_On_Every_Node()
    {
        var file = TestRecordings.Simulated(cluster.WorkDirectory, seconds: 60, seed: 21);
        await using var worker = EdgeLstmProcess.Start(["replay", file, "--speed", "1", "--model", TestModels.Path, "--broker", cluster.A.Uri.ToString(), "--mqtt-version", "auto", "--robot", "nats-kill"]);
        var recorders = new List<TopicRecorder>();
        try
        {
            foreach (var node in cluster.Nodes)
            {
                recorders.Add(await TopicRecorder.StartAsync(node.MqttPort, "edge-lstm/nats-kill/status", MqttProtocolVersion.V311));
            }

            foreach (var recorder in recorders)
            {
                await recorder.WaitForAsync(m => m.Any(x => State(x) == "online"), "online on every node", TimeSpan.FromSeconds(30));
            }

            worker.Kill(); // SIGKILL: no goodbye, the broker's Last Will speaks

            foreach (var recorder in recorders)
            {
                await recorder.WaitForAsync(m => m.Any(x => State(x) == "offline"), "offline (the Last Will) on every node", TimeSpan.FromSeconds(30));
            }

            // Retained on every node: a subscriber that comes later learns it too.
            foreach (var node in cluster.Nodes)
            {
                await using var late = await TopicRecorder.StartAsync(node.MqttPort, "edge-lstm/nats-kill/status", MqttProtocolVersion.V311);
                await late.WaitForAsync(m => m.Count > 0, $"retained status on {node.Name}");
                Assert.Equal("offline", State(late.Messages[0]));
                Assert.True(late.Messages[0].Retain);
            }

            output.WriteLine(worker.StandardError);
        }
        finally
        {
            foreach (var recorder in recorders)
            {
                await recorder.DisposeAsync();
            }
        }
    }

    private static string State(RecordedMessage message)
    {
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.GetProperty("state").GetString()!;
    }
}
