using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;

namespace EdgeLstm.Messaging.Tests;

public sealed class PredictionRingTests
{
    [Fact]
    public void Full_Queue_Drops_The_Oldest_And_Counts_It()
    {
        var ring = new PredictionRing(capacity: 4, maxPoses: 3);
        for (var seq = 0; seq < 10; seq++)
        {
            Assert.True(ring.TryGetSlot(3, out var slot));
            slot.Seq = seq;
            ring.Commit(slot);
        }

        Assert.Equal(6, ring.Dropped);
        Assert.Equal(4, ring.Count);
        foreach (var expected in new long[] { 6, 7, 8, 9 })
        {
            Assert.True(ring.TryDequeue(out var slot));
            Assert.Equal(expected, slot.Seq);
            ring.Release(slot);
        }

        Assert.False(ring.TryDequeue(out _));
    }

    [Fact]
    public void Slot_Held_By_The_Consumer_Is_Never_Overwritten_By_Drops()
    {
        var ring = new PredictionRing(capacity: 2, maxPoses: 1);
        Commit(ring, 0);
        Assert.True(ring.TryDequeue(out var inFlight));

        for (var seq = 1; seq <= 50; seq++)
        {
            Commit(ring, seq);
        }

        Assert.Equal(0, inFlight.Seq);
        Assert.Equal(48, ring.Dropped);
        ring.Release(inFlight);
        Assert.True(ring.TryDequeue(out var next));
        Assert.Equal(49, next.Seq);
    }

    [Fact]
    public void Each_Queued_Prediction_Keeps_The_Degrees_Of_Freedom_It_Was_Enqueued_With()
    {
        // The producer overwrites one ν array per prediction (the run widens the 50 % regions as it
        // goes); a prediction still waiting in the ring must publish its own.
        var ring = new PredictionRing(capacity: 2, maxPoses: 2);
        var nu = new[] { 2.5, 3.0 };
        float[] path = [0, 0, 0, 1, 0, 0];
        float[] spread = [0.1f, 0.1f, 0, 0.01f, 0.2f, 0.2f, 0, 0.02f];
        Assert.True(ring.Enqueue(new FinishedPrediction { Seq = 0, SpreadDegreesOfFreedomPerPose = nu }, path, spread));
        nu[0] = 7.5;
        nu[1] = double.PositiveInfinity;
        Assert.True(ring.Enqueue(new FinishedPrediction { Seq = 1, SpreadDegreesOfFreedomPerPose = nu }, path, spread));

        Assert.True(ring.TryDequeue(out var first));
        Assert.Equal([2.5, 3.0], first.SpreadDegreesOfFreedomPerPose.ToArray());
        ring.Release(first);
        Assert.True(ring.TryDequeue(out var second));
        Assert.Equal([7.5, double.PositiveInfinity], second.SpreadDegreesOfFreedomPerPose.ToArray());
        ring.Release(second);
        Assert.True(ring.Enqueue(new FinishedPrediction { Seq = 2, SpreadDegreesOfFreedom = 4 }, path, spread));
        Assert.True(ring.TryDequeue(out var third));
        Assert.True(third.SpreadDegreesOfFreedomPerPose.IsEmpty, "a slot reused without a per-pose ν keeps none of an earlier prediction's");
        Assert.Equal(4, third.SpreadDegreesOfFreedom);
    }

    [Fact]
    public void Slot_Is_Refused_For_A_Path_Longer_Than_Preallocated()
    {
        var ring = new PredictionRing(capacity: 2, maxPoses: 20);

        Assert.False(ring.TryGetSlot(21, out _));
        Assert.True(ring.TryGetSlot(20, out var slot));
        Assert.Equal(60, slot.Path.Length);
        Assert.Equal(20, slot.PathLength);
    }

    [Fact]
    public void Commit_Of_A_Foreign_Slot_Is_An_Error()
    {
        var ring = new PredictionRing(2, 1);
        var other = new PredictionRing(2, 1);
        Assert.True(other.TryGetSlot(1, out var foreign));

        Assert.Throws<InvalidOperationException>(() => ring.Commit(foreign));
    }

    [Fact]
    public void Enqueue_Allocates_Nothing()
    {
        var ring = new PredictionRing(capacity: 256, maxPoses: TestPredictions.Poses);
        for (var i = 0; i < 1000; i++)
        {
            Commit(ring, i); // warm-up: JIT and first-call initialisation allocate
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            ring.TryGetSlot(TestPredictions.Poses, out var slot);
            TestPredictions.Fill(slot, i);
            ring.Commit(slot);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Concurrent_Producer_And_Consumer_Lose_Nothing_Unaccounted_And_Keep_Order()
    {
        const int Total = 200_000;
        var ring = new PredictionRing(capacity: 64, maxPoses: 1);
        long consumed = 0;
        long last = -1;
        var ordered = true;
        var producerDone = false;

        var consumer = Task.Run(() =>
        {
            while (!Volatile.Read(ref producerDone) || ring.Count > 0)
            {
                if (ring.TryDequeue(out var slot))
                {
                    ordered &= slot.Seq > last;
                    last = slot.Seq;
                    consumed++;
                    ring.Release(slot);
                }
            }
        });

        await Task.Run(() =>
        {
            for (var seq = 0; seq < Total; seq++)
            {
                Commit(ring, seq);
            }

            Volatile.Write(ref producerDone, true);
        });
        await consumer;

        Assert.True(ordered, "the consumer saw predictions out of order");
        Assert.Equal(Total, consumed + ring.Dropped);
    }

    private static void Commit(PredictionRing ring, long seq)
    {
        Assert.True(ring.TryGetSlot(1, out PredictionMessage slot));
        slot.Seq = seq;
        ring.Commit(slot);
    }
}
