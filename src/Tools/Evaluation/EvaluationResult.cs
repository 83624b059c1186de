namespace EdgeLstm.Tools.Evaluation;

/// <summary>The model and the physics baselines on the same anchors.</summary>
public sealed record EvaluationResult(double HorizonSeconds, int Anchors, ErrorStats? Model, ErrorStats ConstantVelocity, ErrorStats ConstantTurnRate);
