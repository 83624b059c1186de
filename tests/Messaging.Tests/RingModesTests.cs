using EdgeLstm.Messaging.Publishing;

namespace EdgeLstm.Messaging.Tests;

/// <summary>The ring as the pipeline uses it: finished predictions in, stamped by the ring, dropping or waiting when full.</summary>
public sealed class RingModesTests
{
    private static readonly float[] Path = [1f, 2f, 0.1f, 3f, 4f, 0.2f];

    [Fact]
    public void Enqueue_Copies_The_Prediction_And_Its_Path_And_Stamps_It()
    {
        var ring = new PredictionRing(capacity: 4, maxPoses: 2);
        var before = System.Diagnostics.Stopwatch.GetTimestamp();

        Assert.True(ring.Enqueue(new FinishedPrediction { Seq = 7, TimeSeconds = 1.5, X = 2, ModelName = "m", LatencyMicros = 12.5, HasGroundTruth = true, GtYaw = 0.3 }, Path));

        Assert.True(ring.TryDequeue(out var slot));
        Assert.Equal(7, slot.Seq);
        Assert.Equal(2, slot.PathLength);
        Assert.Equal(Path, slot.PathValues.ToArray());
        Assert.Equal((1.5, 2.0, "m", 12.5, true, 0.3), (slot.TimeSeconds, slot.X, slot.ModelName, slot.LatencyMicros, slot.HasGroundTruth, slot.GtYaw));
        Assert.InRange(slot.EnqueuedTimestamp, before, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    [Fact]
    public void Enqueue_Refuses_A_Path_Longer_Than_The_Slots()
    {
        var ring = new PredictionRing(capacity: 4, maxPoses: 1);

        Assert.False(ring.Enqueue(new FinishedPrediction { Seq = 1 }, Path));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public async Task Wait_Mode_Holds_The_Producer_Until_The_Consumer_Makes_Room_And_Loses_Nothing()
    {
        const int Total = 5_000;
        var ring = new PredictionRing(capacity: 8, maxPoses: 2) { FullMode = PredictionRingFullMode.Wait };
        var received = new List<long>();
        using var done = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            while (received.Count < Total)
            {
                if (ring.TryDequeue(out var slot))
                {
                    received.Add(slot.Seq);
                    ring.Release(slot);
                }
                else
                {
                    await ring.WaitForCommitAsync();
                }
            }
        });

        await Task.Run(() =>
        {
            for (var seq = 0; seq < Total; seq++)
            {
                Assert.True(ring.Enqueue(new FinishedPrediction { Seq = seq }, Path));
            }
        });
        await consumer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, ring.Dropped);
        Assert.Equal(Enumerable.Range(0, Total).Select(i => (long)i), received);
    }

    [Fact]
    public async Task Close_Releases_A_Producer_Waiting_For_Room()
    {
        var ring = new PredictionRing(capacity: 1, maxPoses: 2) { FullMode = PredictionRingFullMode.Wait };
        Assert.True(ring.Enqueue(new FinishedPrediction { Seq = 0 }, Path));
        var blocked = Task.Run(() => ring.Enqueue(new FinishedPrediction { Seq = 1 }, Path));
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);

        ring.Close();

        Assert.False(await blocked.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(ring.TryGetSlot(1, out _));
    }

    [Fact]
    public void Drop_Mode_Never_Waits_And_Counts_The_Drops()
    {
        var ring = new PredictionRing(capacity: 2, maxPoses: 2);
        for (var seq = 0; seq < 10; seq++)
        {
            Assert.True(ring.Enqueue(new FinishedPrediction { Seq = seq }, Path));
        }

        Assert.Equal(8, ring.Dropped);
        Assert.Equal(2, ring.Count);
    }
}
