namespace EdgeLstm.Tools.Training;

/// <summary>Progress after one epoch: loss (mean squared position residual, m²), validation FDEs (m) and time.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, IReadOnlyList<double> ValidationFde, double ValidationScore, bool Improved, TimeSpan Elapsed, TimeSpan Remaining);
