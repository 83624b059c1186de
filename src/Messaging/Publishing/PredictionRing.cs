using System.Diagnostics;
using EdgeLstm.Messaging.Payload;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// Bounded queue of preallocated <see cref="PredictionMessage"/> slots between one producer (the
/// predictor) and one consumer (the sender task). When full, committing drops the OLDEST queued
/// prediction: a fresh prediction is worth more than a stale one.
/// </summary>
/// <remarks>
/// There are capacity + 2 slots: up to capacity queued, one being filled by the producer and one
/// being serialised by the consumer, so the producer always finds a free slot and never waits for
/// the network. A lock guards only index bookkeeping (a few instructions, never held across I/O),
/// which keeps drop-oldest correct against a concurrent dequeue; <see cref="Lock"/> allocates nothing.
/// </remarks>
internal sealed class PredictionRing
{
    private readonly Lock _gate = new();
    private readonly PredictionMessage[] _slots;
    private readonly int[] _queue;
    private readonly int[] _free;
    private int _head;
    private int _count;
    private int _freeCount;
    private int _producerSlot = -1;
    private int _consumerSlot = -1;
    private long _dropped;

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

    /// <summary>Predictions discarded because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

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
    /// Hands the producer a slot for a prediction of <paramref name="pathPoses"/> poses, stamped with
    /// the current time. False when the slot cannot hold that many poses. Calling it again before
    /// <see cref="Commit"/> returns the same slot (the unfinished prediction is abandoned).
    /// </summary>
    public bool TryGetSlot(int pathPoses, out PredictionMessage slot)
    {
        if ((uint)pathPoses > (uint)MaxPoses)
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
            return true;
        }
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
}
