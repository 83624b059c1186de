using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Tools.Fleet;

/// <summary>
/// One simulated robot of the fleet: its own simulator seed, its own int8 LSTM state, its own MQTT
/// connection (brokers rotated so the fleet spreads over them), and the worker's own pipeline on a
/// dedicated thread, exactly as `edge-lstm run` would drive it.
/// </summary>
internal sealed class FleetRobot : IAsyncDisposable
{
    private readonly RobotSimulator _simulator;
    private Thread? _thread;

    private FleetRobot(string id, MqttPredictionPublisher publisher, PredictionPipeline pipeline, RobotSimulator simulator)
    {
        Id = id;
        Publisher = publisher;
        Pipeline = pipeline;
        _simulator = simulator;
    }

    public string Id { get; }

    public MqttPredictionPublisher Publisher { get; }

    public PredictionPipeline Pipeline { get; }

    public Exception? Failure { get; private set; }

    public static FleetRobot Create(int index, FleetSettings settings, FleetModel model, IReadOnlyList<BrokerAddress> brokers, Action<string> log)
    {
        var id = $"robot-{index + 1:000}";

        // Robot i starts on broker i mod n and fails over along the rest of the list.
        var rotated = brokers.Skip(index % brokers.Count).Concat(brokers.Take(index % brokers.Count)).Select(b => b.Text);
        var options = PublisherOptionsFactory.Builder(settings.Mqtt, id, model.Config).WithBroker(string.Join(',', rotated)).Build();
        var publisher = new MqttPredictionPublisher(options, line => log($"{id}: {line}"));
        var pipeline = new PredictionPipeline(model.CreatePredictor(), publisher.Ring, model.Config.Name);
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = settings.Seed + index, Seconds = settings.Duration.TotalSeconds * (settings.Speed.IsMax ? 1 : settings.Speed.Factor) });
        return new FleetRobot(id, publisher, pipeline, simulator);
    }

    /// <summary>Meta and status first, then the connection (retried in the background if a broker is down).</summary>
    public async Task StartAsync(FleetModel model, CancellationToken cancellationToken)
    {
        await Publisher.PublishMetaAsync(MetaJson.Create(model.Config, model.Path, Id, $"fleet simulator seed {_simulator.Options.Seed}"), cancellationToken);
        await Publisher.SetStatusAsync(RobotState.Online, new JsonObject { ["source"] = "fleet simulator", ["model"] = model.Description }, cancellationToken);
        await Publisher.StartAsync(failFast: false, cancellationToken);
    }

    public void Run(ReplaySpeed speed, CancellationToken cancellationToken)
    {
        _thread = new Thread(() =>
        {
            try
            {
                Pipeline.Run([_simulator], speed, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Failure = e;
            }
        })
        {
            IsBackground = true,
            Name = $"fleet {Id}",
        };
        _thread.Start();
    }

    public void Join() => _thread?.Join();

    public ValueTask DisposeAsync() => Publisher.DisposeAsync();
}
