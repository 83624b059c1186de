using System.Globalization;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>
/// The unit (deploy/edge-lstm.service) allows TasksMax=64; the worker must stay well inside it, so
/// a thread leak shows here long before systemd refuses a thread on the robot.
/// </summary>
public sealed class ResourceLimitTests(ITestOutputHelper output)
{
    private const int MaxThreads = 32;

    [Fact]
    public async Task Run_With_The_Embedded_Broker_And_A_Subscriber_Never_Has_More_Than_32_Threads()
    {
        var port = FreePort.Next();
        await using var worker = EdgeLstmProcess.Start(["run", "--robot", "limits", "--model", TestModels.Path, "--set", $"Mqtt:EmbeddedPort={port}"]);
        await worker.WaitForOutputAsync("watch with:", TimeSpan.FromSeconds(20));
        await using var recorder = await TopicRecorder.StartAsync(port, "edge-lstm/limits/+");

        var samples = new List<(int Threads, long RssKib)>();
        for (var i = 0; i < 40 && !worker.HasExited; i++)
        {
            samples.Add((ProcStatus(worker.Id, "Threads"), ProcStatus(worker.Id, "VmRSS")));
            await Task.Delay(200);
        }

        output.WriteLine($"threads {string.Join(' ', samples.Select(s => s.Threads))}; RSS {samples[^1].RssKib / 1024.0:0.0} MiB; {recorder.Messages.Count(Payloads.IsPrediction)} predictions received");
        Assert.False(worker.HasExited, worker.StandardError);
        Assert.True(recorder.Messages.Count(Payloads.IsPrediction) >= 200, "predictions flow to the subscriber");
        Assert.All(samples, s => Assert.InRange(s.Threads, 1, MaxThreads));
    }

    private static int ProcStatus(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return int.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
