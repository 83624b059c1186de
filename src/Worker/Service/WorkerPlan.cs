using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Worker.Errors;


namespace EdgeLstm.Worker.Service;

/// <summary>
/// Validated settings turned into the things a session runs: the loaded predictor and the source
/// plan. Everything that can be wrong with the configuration is found here, before any network
/// activity, and reported as a <see cref="ConfigurationException"/> naming the setting.
/// </summary>
public sealed class WorkerPlan : IDisposable
{
    private WorkerPlan(WorkerSettings settings, string modelPath, PathPredictor predictor, SourcePlan source)
    {
        Settings = settings;
        ModelPath = modelPath;
        Predictor = predictor;
        Source = source;
    }

    public WorkerSettings Settings { get; }

    public string ModelPath { get; }

    public PathPredictor Predictor { get; }

    public string ModelName => Predictor.Config.Name;

    public SourcePlan Source { get; }

    /// <summary>Validates <paramref name="settings"/>, loads the model and prepares the source.</summary>
    public static WorkerPlan Create(WorkerSettings settings)
    {
        WorkerSettingsValidator.ThrowIfInvalid(settings);
        var modelPath = ModelLoader.Resolve(settings.Model);
        PathPredictor predictor;
        try
        {
            predictor = ModelLoader.LoadPredictor(modelPath);
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            var hint = string.IsNullOrWhiteSpace(settings.Model) ? " (the bundled model; set Model or --model to another .elstm file)" : string.Empty;
            throw new ConfigurationException($"Model: {OneLine(e.Message)}{hint}", e);
        }

        var config = predictor.Config;
        if (settings.FrameRateHz is { } rate && Math.Abs(rate - config.FrameRateHz) > 1e-9)
        {
            throw new ConfigurationException($"FrameRateHz: {rate} Hz does not match the model's {config.FrameRateHz} Hz ({config.Name}); the LSTM only works at the rate it was trained at (leave FrameRateHz empty to take the model's)");
        }

        var source = settings.Source.Trim().ToLowerInvariant() switch
        {
            SourceNames.Replay => SourcePlan.Replay([.. settings.Replay.Files], Speed(settings.Replay.Speed), settings.Replay.Loop),
            SourceNames.Hardware => SourcePlan.Hardware(settings.Hardware),
            _ => SourcePlan.Simulator(settings.Simulator, Speed(settings.SimulatorSpeed)),
        };
        return new WorkerPlan(settings, modelPath, predictor, source);
    }

    public void Dispose() => Source.Dispose();

    private static ReplaySpeed Speed(string text) => ReplaySpeed.TryParse(text, out var speed) ? speed : ReplaySpeed.RealTime;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
