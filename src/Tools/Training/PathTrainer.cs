using System.Diagnostics;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Trains the path model: truncated backpropagation through time over streams cut from the
/// recordings, AdamW with gradient clipping, early stopping on the validation FDEs. The head
/// starts at zero, so training starts from the physics prior and only keeps what beats it.
/// Deterministic for a seed: all randomness comes from one generator and the streams' gradients
/// are summed in a fixed order.
/// </summary>
public static class PathTrainer
{
    public static LstmModel Train(IReadOnlyList<Recording> training, IReadOnlyList<Recording> validation, TrainingOptions options, LstmModel? initial = null, Action<EpochReport>? progress = null)
    {
        options.Validate();
        if (training.Count == 0 || training.All(r => r.KnownSteps.All(k => k == 0)))
        {
            var files = string.Join(", ", training.Select(r => $"{r.Name} ({r.Length} frames, targets from {(r.TargetsFromGroundTruth ? "ground truth" : "odometry")})"));
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"training: no frame of the training data has a known future path: {files}; a frame needs its pose and the poses {options.HorizonSteps * options.StepSeconds:0.##} s ahead, without a ground-truth gap between"), nameof(training));
        }

        var random = new Random(options.Seed);
        var config = initial?.Config ?? NewConfig(training, options);
        var weights = initial?.Weights.Clone() ?? Initialise(config, random);
        var model = new LstmModel(config, weights);
        var set = TrainingSet.Build(training, config, options.YawWeight, options.BalancedLoss);

        var optimiser = new AdamOptimizer(weights.Tensors, [true, true, false, true, false])
        {
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
            ClipNorm = options.ClipNorm,
        };
        var streams = Enumerable.Range(0, options.BatchStreams).Select(_ => new Stream(weights, options.ChunkSteps, config)).ToArray();
        var gradients = weights.Tensors.Select(t => new float[t.Length]).ToArray();

        // Validated and kept: the running average of the weights when averaging, else the weights.
        var averaged = options.WeightAverageDecay > 0 ? weights.Clone() : null;
        var evaluated = averaged is null ? model : new LstmModel(config, averaged);
        var best = weights.Clone();
        // The starting weights are a candidate too: a fresh head predicts the prior exactly, and a
        // network that never beats it on the validation data is not kept over it.
        var bestScore = validation.Count > 0 ? Validate(evaluated, validation, options).Sum() : double.PositiveInfinity;
        var sinceBest = 0;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var segments = Segments(set, options.SegmentSteps, random);
            double lossSum = 0, weightSum = 0;
            for (var first = 0; first < segments.Count; first += streams.Length)
            {
                var batch = segments.Skip(first).Take(streams.Length).ToArray();
                for (var b = 0; b < batch.Length; b++)
                {
                    streams[b].Begin(batch[b], random.Next(), options);
                }

                var longest = batch.Max(s => s.Length);
                for (var offset = 0; offset < longest; offset += options.ChunkSteps)
                {
                    var steps = Math.Min(options.ChunkSteps, longest - offset);
                    Parallel.For(0, batch.Length, b => streams[b].Chunk(set, offset, steps, options.InputNoise, options.HuberDelta));
                    var totalWeight = 0.0;
                    foreach (var g in gradients)
                    {
                        Array.Clear(g);
                    }

                    for (var b = 0; b < batch.Length; b++)
                    {
                        lossSum += streams[b].Loss;
                        totalWeight += streams[b].Count;
                        for (var t = 0; t < gradients.Length; t++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(gradients[t], streams[b].Gradients[t], gradients[t]);
                        }
                    }

                    weightSum += totalWeight;
                    if (totalWeight == 0)
                    {
                        continue;
                    }

                    foreach (var g in gradients)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Multiply(g, (float)(1 / totalWeight), g);
                    }

                    optimiser.Update(gradients);
                    if (averaged is not null)
                    {
                        Average(averaged, weights, options.WeightAverageDecay);
                    }
                }
            }

            var fdes = Validate(evaluated, validation, options);
            var score = validation.Count == 0 ? lossSum / Math.Max(weightSum, 1) : fdes.Sum();
            var improved = score < bestScore;
            if (improved)
            {
                bestScore = score;
                best = (averaged ?? weights).Clone();
                sinceBest = 0;
            }
            else
            {
                sinceBest++;

                // Reduce on plateau: smaller steps settle into the minimum the larger ones circle.
                if (options.PlateauEpochs > 0 && sinceBest % options.PlateauEpochs == 0)
                {
                    optimiser.LearningRate *= 0.5;
                }
            }

            var perEpoch = clock.Elapsed / epoch;
            var remainingEpochs = Math.Min(options.Epochs - epoch, options.Patience - sinceBest);
            progress?.Invoke(new EpochReport(epoch, options.Epochs, lossSum / Math.Max(weightSum, 1), fdes, score, improved, clock.Elapsed, perEpoch * remainingEpochs));
            if (sinceBest >= options.Patience)
            {
                break;
            }
        }

        return new LstmModel(config, best);
    }

    // w̄ ← β·w̄ + (1 − β)·w
    private static void Average(LstmWeights averaged, LstmWeights weights, double decay)
    {
        var a = averaged.Tensors;
        var w = weights.Tensors;
        for (var t = 0; t < a.Count; t++)
        {
            System.Numerics.Tensors.TensorPrimitives.Lerp(w[t], a[t], (float)decay, a[t]);
        }
    }

    /// <summary>FDE at each score horizon on the validation recordings, the model run as it runs live.</summary>
    public static double[] Validate(LstmModel model, IReadOnlyList<Recording> validation, TrainingOptions options)
    {
        if (validation.Count == 0)
        {
            return [];
        }

        var predictor = new PathPredictor(model);
        var result = Evaluator.Evaluate(validation, predictor, model.Config.HorizonSeconds, model.Config.StepSeconds);
        return [.. options.ScoreHorizons.Select(h => result.Model!.PerStep[Math.Clamp((int)Math.Round(h / model.Config.StepSeconds) - 1, 0, result.Model.PerStep.Length - 1)])];
    }

    /// <summary>A new model's configuration: features normalised and outputs scaled on these recordings.</summary>
    public static ModelConfig NewConfig(IReadOnlyList<Recording> training, TrainingOptions options)
    {
        var config = new ModelConfig
        {
            Name = options.Name,
            HiddenSize = options.HiddenSize,
            HorizonSteps = options.HorizonSteps,
            StepSeconds = options.StepSeconds,
            FrameRateHz = options.FrameRateHz,
            Prior = options.Prior,
            PriorTau = options.PriorTau,
            PriorSpeedScale = options.PriorSpeedScale,
            PriorYawSource = options.PriorYawSource,
            Features = TrainingSet.FeatureStatistics(training, options.Features),
            OutputScale = new float[3 * options.HorizonSteps],
        };
        return config with { OutputScale = TrainingSet.OutputScale(training, config) };
    }

    /// <summary>
    /// Uniform(±1/√H) weights, forget-gate bias 1 (remember by default, the usual LSTM start),
    /// head zero (the untrained model predicts the prior exactly).
    /// </summary>
    public static LstmWeights Initialise(ModelConfig config, Random random)
    {
        var weights = new LstmWeights(config.InputSize, config.HiddenSize, config.OutputSize);
        var bound = 1.0 / Math.Sqrt(config.HiddenSize);
        Fill(weights.InputWeights, random, bound);
        Fill(weights.RecurrentWeights, random, bound);
        weights.GateBias.AsSpan(config.HiddenSize, config.HiddenSize).Fill(1f);
        return weights;
    }

    public static void Fill(float[] values, Random random, double bound)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }
    }

    /// <summary>Streams for one epoch: each recording cut at a random phase into segments, shuffled.</summary>
    private static List<Segment> Segments(TrainingSet set, int segmentSteps, Random random)
    {
        var segments = new List<Segment>();
        for (var r = 0; r < set.Inputs.Length; r++)
        {
            var frames = set.FrameCounts[r];
            var phase = random.Next(segmentSteps);
            var start = 0;
            var end = phase == 0 ? segmentSteps : phase;
            while (start < frames)
            {
                segments.Add(new Segment(r, start, Math.Min(end, frames) - start));
                start = end;
                end += segmentSteps;
            }
        }

        // Fisher-Yates with the seeded generator.
        for (var i = segments.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (segments[i], segments[j]) = (segments[j], segments[i]);
        }

        return segments;
    }

    private readonly record struct Segment(int Recording, int Start, int Length);

    /// <summary>One training stream: its runner, its own gradient buffers and its noise generator.</summary>
    private sealed class Stream
    {
        private readonly LstmSequenceRunner _runner;
        private readonly ModelConfig _config;
        private readonly float[] _inputs;
        private readonly float[] _outputGradients;
        private readonly float[] _targets;
        private readonly SegmentAugmentation _augmentation;
        private readonly float[] _recurrentMask;
        private readonly float[] _headMask;
        private Segment _segment;
        private Random _noise = new(0);

        public Stream(LstmWeights weights, int chunkSteps, ModelConfig config)
        {
            _config = config;
            _runner = new LstmSequenceRunner(weights, chunkSteps);
            _inputs = new float[chunkSteps * config.InputSize];
            _outputGradients = new float[chunkSteps * config.OutputSize];
            _targets = new float[chunkSteps * config.OutputSize];
            _augmentation = new SegmentAugmentation(config);
            _recurrentMask = new float[config.HiddenSize];
            _headMask = new float[config.HiddenSize];
            Gradients = weights.Tensors.Select(t => new float[t.Length]).ToArray();
        }

        public float[][] Gradients { get; }

        public double Loss { get; private set; }

        public double Count { get; private set; }

        public void Begin(Segment segment, int noiseSeed, TrainingOptions options)
        {
            _segment = segment;
            _noise = new Random(noiseSeed);
            _augmentation.Draw(_noise, options.Mirror, options.SpeedAugment, options.TurnAugment);
            if (options.Dropout > 0)
            {
                DrawMask(_recurrentMask, options.Dropout);
                DrawMask(_headMask, options.Dropout);
                _runner.UseDropout(_recurrentMask, _headMask);
            }

            _runner.ResetState();
        }

        // L = Σ_t Σ_j w_tj·(y_tj − r_tj)², dL/dy_tj = 2·w_tj·(y_tj − r_tj); the caller divides by the frame count.
        public void Chunk(TrainingSet set, int offset, int steps, double inputNoise, double huber)
        {
            foreach (var g in Gradients)
            {
                Array.Clear(g);
            }

            Loss = 0;
            Count = 0;
            steps = Math.Min(steps, _segment.Length - offset);
            if (steps <= 0)
            {
                return;
            }

            var inputSize = _config.InputSize;
            var outputs = _config.OutputSize;
            var first = _segment.Start + offset;
            set.Inputs[_segment.Recording].AsSpan(first * inputSize, steps * inputSize).CopyTo(_inputs);
            if (inputNoise > 0)
            {
                for (var i = 0; i < steps * inputSize; i++)
                {
                    _inputs[i] += (float)(inputNoise * Gaussian(_noise));
                }
            }

            _augmentation.Inputs(_inputs.AsSpan(0, steps * inputSize));
            _runner.Forward(_inputs, steps);
            var y = _runner.Outputs(steps);
            var r = _targets.AsSpan(0, steps * outputs);
            set.Residuals[_segment.Recording].AsSpan(first * outputs, steps * outputs).CopyTo(r);
            _augmentation.Residuals(r);
            var w = set.Weights[_segment.Recording].AsSpan(first * outputs, steps * outputs);
            for (var t = 0; t < steps; t++)
            {
                double positionSquares = 0;
                var known = false;
                for (var j = 0; j < outputs; j++)
                {
                    var k = (t * outputs) + j;
                    var difference = y[k] - r[k];
                    _outputGradients[k] = 2 * w[k] * difference;
                    if (w[k] > 0)
                    {
                        known = true;
                        if (j % 3 != 2)
                        {
                            positionSquares += w[k] * difference * difference;
                        }
                    }
                }

                if (huber > 0)
                {
                    Huber(t * outputs, w, r, y, huber);
                }

                if (known)
                {
                    Loss += positionSquares / _config.HorizonSteps;
                    Count += 1;
                }
            }

            // Per-frame losses are means over the K poses, so scale the gradients alike.
            System.Numerics.Tensors.TensorPrimitives.Multiply(_outputGradients.AsSpan(0, steps * outputs), 1f / _config.HorizonSteps, _outputGradients.AsSpan(0, steps * outputs));
            _runner.Backward(_outputGradients, steps, Gradients);
            _runner.CarryState(steps);
        }

        // Pose-level Huber: with e = √(w_x·d_x² + w_y·d_y²) above δ, the loss grows as 2δe − δ² and
        // its gradient is the squared loss's times δ/e, so a few large misses do not steer the fit.
        private void Huber(int first, ReadOnlySpan<float> w, ReadOnlySpan<float> r, ReadOnlySpan<float> y, double delta)
        {
            for (var k = first; k + 1 < first + _config.OutputSize; k += 3)
            {
                var dx = y[k] - r[k];
                var dy = y[k + 1] - r[k + 1];
                var e = Math.Sqrt((w[k] * dx * dx) + (w[k + 1] * dy * dy));
                if (e > delta)
                {
                    var shrink = (float)(delta / e);
                    _outputGradients[k] *= shrink;
                    _outputGradients[k + 1] *= shrink;
                }
            }
        }

        // Inverted dropout: a unit is kept with probability 1 − p and then scaled by 1/(1 − p).
        private void DrawMask(float[] mask, double p)
        {
            var kept = (float)(1 / (1 - p));
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = _noise.NextDouble() < p ? 0f : kept;
            }
        }

        private static double Gaussian(Random random)
        {
            // Box-Muller
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
