using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>
/// The shorter soak of issue 14: `edge-lstm run` with the embedded broker and the simulator, 60x
/// faster than real time, for 2 hours of frames at 50 Hz, with a subscriber on the status topic.
/// After 30 minutes of frames (warm-up: JIT, pools, the broker's sessions) resident memory and the
/// managed heap grow by less than 2 MiB to the end. soak/soak.sh runs the 24-hour version.
/// </summary>
public sealed class LongSoakTests(ITestOutputHelper output)
{
    private const int FrameRateHz = 50;
    private const int Hours = 2;
    private const int Speed = 60;
    private const long WarmUpFrames = 30 * 60 * FrameRateHz;
    private const long MaxGrowthBytes = 2L << 20;

    [LongFact]
    [Trait("Category", "Long")]
    public async Task Two_Hours_Of_Frames_With_The_Embedded_Broker_Grow_Memory_By_Less_Than_2_MiB_After_Warm_Up()
    {
        var port = FreePort.Next();
        await using var worker = EdgeLstmProcess.Start([
            "run", "--source", "simulator", "--robot", "long", "--model", TestModels.Path,
            "--set", $"Mqtt:EmbeddedPort={port}",
            "--set", $"Simulator:Seconds={Hours * 3600}",
            "--set", $"SimulatorSpeed={Speed}"]);
        await worker.WaitForOutputAsync("watch with:", TimeSpan.FromSeconds(20));
        await using var status = await TopicRecorder.StartAsync(port, "edge-lstm/long/status");

        // One sample a status heartbeat (10 s): frames and managed heap from the status, RSS from /proc.
        var samples = new List<(long Frames, long RssBytes, long HeapBytes)>();
        var seen = 0;
        var limit = TimeSpan.FromSeconds(Hours * 3600.0 / Speed * 3);
        var clock = Stopwatch.StartNew();
        while (!worker.HasExited && clock.Elapsed < limit)
        {
            await Task.Delay(500);
            var messages = status.Messages;
            for (; seen < messages.Count; seen++)
            {
                if (Sample(messages[seen].Payload) is { } s && !worker.HasExited)
                {
                    samples.Add((s.Frames, ResidentBytes(worker.Id), s.HeapBytes));
                }
            }
        }

        foreach (var s in samples)
        {
            output.WriteLine($"frames {s.Frames}: RSS {s.RssBytes / 1048576.0:0.00} MiB, heap {s.HeapBytes / 1048576.0:0.00} MiB");
        }

        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(worker.ExitCode == 0, worker.StandardError);
        var warm = samples.FindIndex(s => s.Frames >= WarmUpFrames);
        Assert.True(warm >= 0 && samples.Count - warm >= 5, $"{samples.Count} samples, {samples.Count - warm} after warm-up: too few to measure growth");
        Assert.True(samples[^1].Frames >= Hours * 3600L * FrameRateHz * 9 / 10, $"only {samples[^1].Frames} frames sampled");

        var after = samples.Skip(warm).ToList();
        var rssGrowth = after.Max(s => s.RssBytes) - after[0].RssBytes;
        var heapGrowth = after[^1].HeapBytes - after[0].HeapBytes;
        output.WriteLine($"after warm-up ({after[0].Frames} frames): RSS grew {rssGrowth / 1048576.0:+0.00;-0.00} MiB at most, heap {heapGrowth / 1048576.0:+0.00;-0.00} MiB to the end");
        Assert.True(rssGrowth < MaxGrowthBytes, $"RSS grew {rssGrowth / 1048576.0:0.00} MiB after warm-up");
        Assert.True(heapGrowth < MaxGrowthBytes, $"managed heap grew {heapGrowth / 1048576.0:0.00} MiB after warm-up");
    }

    private static (long Frames, long HeapBytes)? Sample(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (!document.RootElement.TryGetProperty("details", out var details)
            || !details.TryGetProperty("frames", out var frames)
            || !details.TryGetProperty("memory", out var memory))
        {
            return null;
        }

        return (frames.GetInt64(), memory.GetProperty("heap_bytes").GetInt64());
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
