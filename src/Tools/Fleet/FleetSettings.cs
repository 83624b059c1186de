using EdgeLstm.Worker.Service;

namespace EdgeLstm.Tools.Fleet;

/// <summary>What `edge-lstm fleet` runs: how many robots, how fast, for how long, through which brokers.</summary>
public sealed record FleetSettings(int Robots, MqttSettings Mqtt, ReplaySpeed Speed, TimeSpan Duration, string? ModelPath, int Seed)
{
    public const int MaxRobots = 1000;
}
