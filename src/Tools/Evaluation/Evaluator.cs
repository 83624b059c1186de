using EdgeLstm.Sensors.Frames;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Evaluation;

/// <summary>
/// ADE and FDE of the model and of the constant-velocity (CV) and constant-turn-rate-and-velocity
/// (CTRV: the gyro's yaw rate, or the odometry's on a recording without an IMU) baselines and, with
/// a model, of its own calibrated prior and of its unguarded path, on anchors every <c>anchorSeconds</c>. At an anchor each
/// prediction (relative to the robot) is compared with the true future positions expressed in the
/// true pose at the anchor. The model runs on every frame, so its state is what it would be live.
/// </summary>
public static class Evaluator
{
    public static EvaluationResult Evaluate(IReadOnlyList<Recording> recordings, PathPredictor? predictor, double horizonSeconds, double stepSeconds, double anchorSeconds = 0.1)
    {
        var steps = (int)Math.Round(horizonSeconds / stepSeconds);
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonSeconds), horizonSeconds, $"horizon must be at least one step of {stepSeconds} s");
        }

        if (predictor is not null && steps > predictor.Config.HorizonSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonSeconds), horizonSeconds, $"the model predicts {predictor.Config.HorizonSeconds} s at most");
        }

        var model = new Accumulator(steps);
        var cv = new Accumulator(steps);
        var ctrv = new Accumulator(steps);
        var unguarded = new Accumulator(steps);
        var prior = new Accumulator(steps);
        double gainSum = 0;
        double curvatureSum = 0;
        double rotationSum = 0;
        double shareSum = 0;
        var baseline = new float[3 * steps];
        var constantVelocity = new PhysicsPrior(PriorKind.ConstantVelocity, 1, stepSeconds, steps);
        var constantTurnRate = new PhysicsPrior(PriorKind.ConstantTurnRate, 1, stepSeconds, steps);
        var anchors = 0;
        foreach (var recording in recordings)
        {
            if (recording.HorizonSteps < steps)
            {
                throw new ArgumentException($"{recording.Name} has targets for {recording.HorizonSteps} steps, {steps} needed", nameof(recordings));
            }

            var rate = recording.Frames.Length > 1 ? 1e9 / (recording.Frames[1].TimestampNs - recording.Frames[0].TimestampNs) : 50.0;
            var stride = Math.Max(1, (int)Math.Round(anchorSeconds * rate));
            predictor?.Reset();
            for (var f = 0; f < recording.Length; f++)
            {
                ref readonly var frame = ref recording.Frames[f];
                if ((frame.Quality & FrameQuality.TimeJump) != 0)
                {
                    predictor?.Reset(); // the state before a jump in time says nothing about after it
                }

                predictor?.Step(in frame);
                if (frame.Index % stride != 0 || recording.KnownSteps[f] < steps)
                {
                    continue;
                }

                anchors++;
                var target = recording.Target(f);
                if (predictor is not null)
                {
                    model.Add(predictor.BodyPath, target);
                    unguarded.Add(predictor.UnguardedBodyPath, target);
                    prior.Add(predictor.PriorBodyPath, target);
                    gainSum += predictor.MeanGuardGain;
                    if (predictor.Guard.Correction is { } correction)
                    {
                        curvatureSum += correction.CurvatureScale(predictor.Config.HorizonSteps - 1);
                        rotationSum += correction.Rotation(predictor.Config.HorizonSteps - 1);
                        shareSum += correction.ConstantTurnShare(predictor.Config.HorizonSteps - 1);
                    }
                }

                var yawRate = PhysicsPrior.YawRate(in frame, recording.HasImu ? PriorYawSource.GyroWhenFresh : PriorYawSource.Odometry);
                constantVelocity.Path(frame.V, yawRate, baseline);
                cv.Add(baseline, target);
                constantTurnRate.Path(frame.V, yawRate, baseline);
                ctrv.Add(baseline, target);
            }
        }

        return predictor is null
            ? new EvaluationResult(horizonSeconds, anchors, null, cv.Result(), ctrv.Result())
            : new EvaluationResult(horizonSeconds, anchors, model.Result(), cv.Result(), ctrv.Result(), unguarded.Result(), prior.Result(), anchors == 0 ? double.NaN : gainSum / anchors,
                anchors == 0 || predictor.Guard.Correction is null ? double.NaN : curvatureSum / anchors,
                anchors == 0 || predictor.Guard.Correction is null ? double.NaN : rotationSum / anchors,
                anchors == 0 || predictor.Guard.Correction is null ? double.NaN : shareSum / anchors);
    }

    private sealed class Accumulator(int steps)
    {
        private readonly double[] _sum = new double[steps];
        private int _count;

        // e_k = ‖p̂_k − p_k‖ for k = 1..n (positions only)
        public void Add(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target)
        {
            for (var k = 0; k < _sum.Length; k++)
            {
                var dx = predicted[3 * k] - target[3 * k];
                var dy = predicted[(3 * k) + 1] - target[(3 * k) + 1];
                _sum[k] += Math.Sqrt((dx * dx) + (dy * dy));
            }

            _count++;
        }

        public ErrorStats Result()
        {
            var perStep = _sum.Select(s => _count == 0 ? double.NaN : s / _count).ToArray();
            return new ErrorStats(perStep.Average(), perStep[^1], perStep);
        }
    }
}
