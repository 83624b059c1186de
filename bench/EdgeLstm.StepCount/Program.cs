using System.Globalization;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tools.Bench;

namespace EdgeLstm.StepCount;

/// <summary>
/// <c>edge-lstm-stepcount --steps N --impl int8|float|int8-path|int8-path-unc [--hidden H]</c>: exactly N untimed steps
/// of one implementation on the seeded bench model, then one line with the last output, so the
/// work cannot be optimised away. Under callgrind, two values of N give the instructions of one
/// step (bench/README.md).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var options = StepCountOptions.Parse(args);
            var model = BenchModels.Create(options.HiddenSize);
            var inputs = BenchModels.Inputs(model.Config.InputSize);
            ILstmStepper stepper = options.Implementation switch
            {
                "float" => new FloatLstmStepper(model),
                "int8" => new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, BenchModels.InputScale)),
                var path => new PredictorStep(
                    new PathPredictor(
                        model.Config with { Uncertainty = path == "int8-path-unc" ? PredictorStep.Uncertainty(model.Config.HorizonSteps) : null },
                        new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, BenchModels.InputScale))),
                    PredictorStep.Frames()),
            };
            Run(stepper, inputs, options.Steps);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Steps} {options.Implementation} steps at hidden {options.HiddenSize} (int8 matvec path {Int8MatVec.Best}), output[0] = {stepper.Output[0]:G6}"));
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"edge-lstm-stepcount: {e.Message}");
            return 64;
        }
    }

    /// <summary>Streams the inputs round-robin: one input written, one step, as the worker does.</summary>
    private static void Run(ILstmStepper stepper, float[] inputs, int steps)
    {
        var inputSize = stepper.Input.Length;
        var available = inputs.Length / inputSize;
        for (var s = 0; s < steps; s++)
        {
            inputs.AsSpan(s % available * inputSize, inputSize).CopyTo(stepper.Input);
            stepper.Step();
        }
    }
}
