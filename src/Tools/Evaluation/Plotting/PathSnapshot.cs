namespace EdgeLstm.Tools.Evaluation.Plotting;

/// <summary>One anchor of the plotted stretch: the true pose there and the model's path from it, both in the world frame.</summary>
internal sealed record PathSnapshot(double TimeSeconds, double X, double Y, double[] PathX, double[] PathY);
