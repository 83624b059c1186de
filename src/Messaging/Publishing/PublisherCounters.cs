namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// A snapshot of the publisher's counters. Every committed prediction ends in exactly one of
/// Published, Dropped, Expired, Invalid or PublishFailures, or is still Queued.
/// </summary>
/// <param name="Published">Predictions handed to the broker.</param>
/// <param name="Dropped">Predictions discarded because the queue was full (drop-oldest).</param>
/// <param name="Expired">Predictions discarded because they waited longer than the message expiry (e.g. during an outage).</param>
/// <param name="Invalid">Predictions refused because a value was NaN or infinite.</param>
/// <param name="PublishFailures">Predictions whose publish call failed (connection lost mid-send).</param>
/// <param name="Reconnects">Successful connections after the first one.</param>
/// <param name="Queued">Predictions waiting in the queue now.</param>
public readonly record struct PublisherCounters(
    long Published,
    long Dropped,
    long Expired,
    long Invalid,
    long PublishFailures,
    long Reconnects,
    int Queued);
