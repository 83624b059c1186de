using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Quantising;

namespace EdgeLstm.Tools.Fleet;

/// <summary>
/// The int8 model every simulated robot runs, each with its own LSTM state. An int8 model file is
/// loaded once per robot; a float model (the bundled one today) is quantised once, in process, as
/// `edge-lstm quantize` would (weights per row, input scale calibrated on a simulated run), and the
/// read-only int8 weights are shared while each robot gets its own stepper and state.
/// </summary>
public sealed class FleetModel
{
    private const int CalibrationSeed = 424_242;
    private const double CalibrationSeconds = 120;

    private readonly string _path;
    private readonly QuantisedLstmWeights? _weights;

    private FleetModel(string path, ModelConfig config, QuantisedLstmWeights? weights, string description)
    {
        _path = path;
        Config = config;
        _weights = weights;
        Description = description;
    }

    public ModelConfig Config { get; }

    public string Path => _path;

    /// <summary>Says which int8 model ran: the file's own, or quantised here from a float file.</summary>
    public string Description { get; }

    public static FleetModel Load(string? path)
    {
        var resolved = ModelLoader.Resolve(path);
        var probe = ModelLoader.LoadPredictor(resolved);
        if (probe.Config.Quantisation == QuantisationMode.Int8)
        {
            return new FleetModel(resolved, probe.Config, null, $"int8 model file {System.IO.Path.GetFileName(resolved)}");
        }

        var floatModel = ModelLoader.LoadFloat(resolved);
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = CalibrationSeed, Seconds = CalibrationSeconds });
        var recording = RecordingLoader.FromSource("calibration", simulator, floatModel.Config.FrameRateHz, floatModel.Config.HorizonSteps, floatModel.Config.StepSeconds);
        var calibration = Quantiser.Calibrate(floatModel, [recording]);
        var (config, members) = Quantiser.Quantise(LstmEnsemble.Of([floatModel]), calibration);
        return new FleetModel(resolved, config, members[0], $"int8, quantised in process from float model {System.IO.Path.GetFileName(resolved)} (each input's range calibrated on {calibration.Frames} simulated frames)");
    }

    /// <summary>A predictor with its own int8 state.</summary>
    public PathPredictor CreatePredictor() =>
        _weights is null ? ModelLoader.LoadPredictor(_path) : new PathPredictor(Config, new Int8LstmStepper(_weights));
}
