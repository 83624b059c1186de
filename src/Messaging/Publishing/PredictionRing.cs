using System.Diagnostics;
using EdgeLstm.Messaging.Payload;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>What <see cref="PredictionRing.Enqueue"/> does when the queue is full.</summary>
public enum PredictionRingFullMode
{
    /// <summary>Drop the oldest queued prediction and count it: a live source never waits for the network.</summary>
    DropOldest,

    /// <summary>Wait for the sender to make room: lossless, for replays at maximum speed.</summary>
    Wait,
}

/// <summary>
/// Bounded queue of preallocated <see cref="PredictionMessage"/> slots between one producer (the
/// predictor) and one consumer (the sender task). It stamps every prediction as it enters, so the
/// sender can measure frame-to-publish latency without the producer touching a clock. When full it
/// drops the OLDEST queued prediction (a fresh prediction is worth more than a stale one), or, in
/// <see cref="PredictionRingFullMode.Wait"/>, makes the producer wait for room.
/// </summary>
/// <remarks>
/// There are capacity + 2 slots: up to capacity queued, one being filled by the producer and one
/// being serialised by the consumer, so the producer always finds a free slot. A lock guards only
/// index bookkeeping (a few instructions, never held across I/O), which keeps drop-oldest correct
/// against a concurrent dequeue; <see cref="Lock"/> allocates nothing.
/// </remarks>
public sealed class PredictionRing
{
    private static readonly TimeSpan RoomPoll = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();
    private readonly PredictionMessage[] _slots;
    private readonly int[] _queue;
    private readonly int[] _free;
    private readonly AsyncSignal _committed = new();
    // A plain monitor, not a Lock: the producer waits on it with Monitor.Wait.
    private readonly object _room = new();
    private int _head;
    private int _count;
    private int _freeCount;
    private int _producerSlot = -1;
    private int _consumerSlot = -1;
    private long _dropped;
    private volatile bool _closed;
    private volatile bool _producerWaiting;

    public PredictionRing(int capacity, int maxPoses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        MaxPoses = maxPoses;
        _slots = new PredictionMessage[capacity + 2];
        _free = new int[capacity + 2];
        _queue = new int[capacity];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new PredictionMessage(maxPoses, i);
            _free[i] = i;
        }

        _freeCount = _slots.Length;
    }

    public int Capacity { get; }

    public int MaxPoses { get; }

    /// <summary>Drop the oldest (default) or wait for room when full.</summary>
    public PredictionRingFullMode FullMode { get; set; }

    /// <summary>Predictions discarded because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True once <see cref="Close"/> ran: no more slots are handed out.</summary>
    public bool IsClosed => _closed;

    /// <summary>Predictions committed and not yet taken by the consumer.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Producer side: copies a finished prediction and its odometry-frame path (x, y, yaw per pose)
    /// into a slot, stamps it and queues it. In <see cref="PredictionRingFullMode.Wait"/> it first waits
    /// for room (until <paramref name="cancellationToken"/> fires). False when the path does not fit
    /// the slots, the ring is closed, or the wait was cancelled. Allocates nothing.
    /// </summary>
    public bool Enqueue(in FinishedPrediction prediction, ReadOnlySpan<float> path, CancellationToken cancellationToken = default) =>
        Enqueue(in prediction, path, ReadOnlySpan<float>.Empty, cancellationToken);

    /// <summary>
    /// As <see cref="Enqueue(in FinishedPrediction, ReadOnlySpan{float}, CancellationToken)"/>, with the
    /// spread of each pose (σx, σy, ρ, σ_yaw in the odometry frame, 4 values a pose) published as the
    /// optional "spread"; an empty <paramref name="spread"/> publishes none.
    /// </summary>
    public bool Enqueue(in FinishedPrediction prediction, ReadOnlySpan<float> path, ReadOnlySpan<float> spread, CancellationToken cancellationToken = default)
    {
        if (path.Length % 3 != 0 || (!spread.IsEmpty && spread.Length != 4 * (path.Length / 3)) || (FullMode == PredictionRingFullMode.Wait && !WaitForRoom(cancellationToken)))
        {
            return false;
        }

        if (!TryGetSlot(path.Length / 3, out var slot))
        {
            return false;
        }

        slot.Seq = prediction.Seq;
        slot.TimeSeconds = prediction.TimeSeconds;
        slot.X = prediction.X;
        slot.Y = prediction.Y;
        slot.Yaw = prediction.Yaw;
        slot.V = prediction.V;
        slot.W = prediction.W;
        slot.Dt = prediction.Dt;
        slot.ModelName = prediction.ModelName ?? string.Empty;
        slot.LatencyMicros = prediction.LatencyMicros;
        slot.HasGroundTruth = prediction.HasGroundTruth;
        slot.GtX = prediction.GtX;
        slot.GtY = prediction.GtY;
        slot.GtYaw = prediction.GtYaw;
        path.CopyTo(slot.Path);
        slot.HasSpread = !spread.IsEmpty;
        slot.SpreadDegreesOfFreedom = prediction.SpreadDegreesOfFreedom;
        slot.CopyDegreesOfFreedomPerPose(prediction.SpreadDegreesOfFreedomPerPose.Span);
        slot.YawDegreesOfFreedom = prediction.YawDegreesOfFreedom;
        slot.CopyYawDegreesOfFreedomPerPose(prediction.YawDegreesOfFreedomPerPose.Span);
        spread.CopyTo(slot.Spread);
        Commit(slot);
        return true;
    }

    /// <summary>
    /// Lower-level producer side: a slot for a prediction of <paramref name="pathPoses"/> poses,
    /// stamped with the current time, to fill in place and <see cref="Commit"/>. False when the slot
    /// cannot hold that many poses or the ring is closed. Calling it again before Commit returns the
    /// same slot (the unfinished prediction is abandoned). Never waits, whatever the full mode.
    /// </summary>
    public bool TryGetSlot(int pathPoses, out PredictionMessage slot)
    {
        if ((uint)pathPoses > (uint)MaxPoses || _closed)
        {
            slot = null!;
            return false;
        }

        lock (_gate)
        {
            if (_producerSlot < 0)
            {
                // Never empty: at most capacity queued + one held by the consumer, out of capacity + 2.
                Debug.Assert(_freeCount > 0, "free slot invariant broken");
                _producerSlot = _free[--_freeCount];
            }

            slot = _slots[_producerSlot];
        }

        slot.PathLength = pathPoses;
        slot.EnqueuedTimestamp = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>Queues the filled slot; if the queue is full the oldest queued prediction is dropped.</summary>
    public void Commit(PredictionMessage slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        lock (_gate)
        {
            if (slot.SlotIndex != _producerSlot || !ReferenceEquals(_slots[slot.SlotIndex], slot))
            {
                throw new InvalidOperationException("Commit needs the slot returned by the last TryGetSlot of this queue.");
            }

            if (_count == Capacity)
            {
                _free[_freeCount++] = _queue[_head];
                _head = (_head + 1) % Capacity;
                _count--;
                _dropped++;
            }

            _queue[(_head + _count) % Capacity] = _producerSlot;
            _count++;
            _producerSlot = -1;
        }

        _committed.Set();
    }

    /// <summary>Consumer side: takes the oldest queued prediction; hand it back with <see cref="Release"/>.</summary>
    public bool TryDequeue(out PredictionMessage slot)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                slot = null!;
                return false;
            }

            if (_consumerSlot >= 0)
            {
                throw new InvalidOperationException("Release the previous slot before taking another.");
            }

            _consumerSlot = _queue[_head];
            _head = (_head + 1) % Capacity;
            _count--;
            slot = _slots[_consumerSlot];
        }

        if (_producerWaiting)
        {
            WakeProducer();
        }

        return true;
    }

    /// <summary>Consumer side: returns a slot taken with <see cref="TryDequeue"/> to the free list.</summary>
    public void Release(PredictionMessage slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        lock (_gate)
        {
            if (slot.SlotIndex != _consumerSlot)
            {
                throw new InvalidOperationException("Release needs the slot returned by TryDequeue.");
            }

            _free[_freeCount++] = _consumerSlot;
            _consumerSlot = -1;
        }
    }

    /// <summary>Consumer side: completes at the next commit, or at once if one happened since the last wait. One waiter.</summary>
    public ValueTask WaitForCommitAsync() => _committed.WaitAsync();

    /// <summary>Hands out no more slots and wakes a producer waiting for room; queued predictions stay for the consumer.</summary>
    public void Close()
    {
        _closed = true;
        WakeProducer();
        _committed.Set();
    }

    /// <summary>Wakes a consumer blocked in <see cref="WaitForCommitAsync"/> (used at shutdown).</summary>
    internal void WakeConsumer() => _committed.Set();

    private bool WaitForRoom(CancellationToken cancellationToken)
    {
        while (Count >= Capacity)
        {
            if (_closed || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            lock (_room)
            {
                _producerWaiting = true;
                if (Count >= Capacity && !_closed)
                {
                    // Bounded, so a cancellation is seen within a few milliseconds without registering on the token.
                    Monitor.Wait(_room, RoomPoll);
                }

                _producerWaiting = false;
            }
        }

        return !_closed;
    }

    private void WakeProducer()
    {
        lock (_room)
        {
            Monitor.PulseAll(_room);
        }
    }
}
