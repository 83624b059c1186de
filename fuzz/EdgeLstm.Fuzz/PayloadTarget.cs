using System.Buffers;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Tools.View;
using EdgeLstm.Worker.Watch;

namespace EdgeLstm.Fuzz;

/// <summary>
/// What `watch` and `view` do with a payload from the broker: parse it as a prediction and as a
/// status, show both on the watch board, wrap it as a view event. Nothing here may throw: a
/// malformed message is shown as such.
/// </summary>
internal static class PayloadTarget
{
    public static void Run(byte[] input)
    {
        var payload = new ReadOnlySequence<byte>(input);
        var board = new WatchBoard();
        board.Observe(ObservedMessageParser.ParsePrediction("r1", "edge-lstm/r1/prediction", payload));
        board.Observe(ObservedMessageParser.ParseStatus("r1", "edge-lstm/r1/status", payload, retained: true));
        _ = board.Render();
        _ = ViewEvents.Wrap("prediction", "r1", input, retained: false);
    }
}
