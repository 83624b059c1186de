namespace EdgeLstm.Worker.Service;

/// <summary>A snapshot of what the prediction pipeline has done so far.</summary>
/// <param name="Frames">Frames released by the frame assembler.</param>
/// <param name="Predictions">Predictor steps (one per frame).</param>
/// <param name="Queued">Predictions handed to the publisher's queue.</param>
/// <param name="FaultFrames">Frames marked as affected by a sensor fault.</param>
/// <param name="Sources">Sources (replay files, simulator runs) started.</param>
/// <param name="TimeJumps">Jumps of sensor time the frames restarted after (the LSTM state was reset).</param>
public readonly record struct PipelineCounters(long Frames, long Predictions, long Queued, long FaultFrames, long Sources, long TimeJumps = 0);
