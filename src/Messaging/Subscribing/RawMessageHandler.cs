using System.Buffers;

namespace EdgeLstm.Messaging.Subscribing;

/// <summary>
/// Receives a prediction or status message unparsed, for consumers that forward the whole payload
/// (the web view). <paramref name="payload"/> is only valid during the call.
/// </summary>
public delegate void RawMessageHandler(string robotId, bool isStatus, ReadOnlySequence<byte> payload, bool retained);
