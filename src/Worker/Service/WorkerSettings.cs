using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// The worker's configuration as bound from appsettings.json, an optional --config file,
/// EDGE_LSTM_* environment variables and command-line overrides (in that order, later wins).
/// Plain settable properties for the configuration binder; <see cref="WorkerSettingsValidator"/>
/// checks everything once at start.
/// </summary>
public sealed class WorkerSettings
{
    /// <summary>"simulator", "replay" or "hardware".</summary>
    public string Source { get; set; } = SourceNames.Simulator;

    /// <summary>Model file; empty for the bundled models/default.int8.elstm (int8; default.elstm is its float reference).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Expected frame rate; empty takes the model's. A value that differs from the model's is an error.</summary>
    public double? FrameRateHz { get; set; }

    /// <summary>One MQTT topic level naming this robot.</summary>
    public string RobotId { get; set; } = "robot-1";

    public ReplaySettings Replay { get; set; } = new();

    /// <summary>Seed, kinematics and every other knob of the simulator (Seconds empty = endless).</summary>
    public SimulatorOptions Simulator { get; set; } = new();

    /// <summary>
    /// Pace of the simulator: "1" (real time, as a live robot), "N"/"Nx" (N times real time) or
    /// "max". Faster than real time drives a day of frames through the service in an hour, for soak tests.
    /// </summary>
    public string SimulatorSpeed { get; set; } = "1";

    public HardwareOptions Hardware { get; set; } = new();

    public MqttSettings Mqtt { get; set; } = new();
}
