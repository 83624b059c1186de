namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// A real clustered MQTT broker: three nats-server nodes (Debian package nats-server) routed to each
/// other on loopback, each with JetStream (which NATS's MQTT needs for sessions and retained
/// messages, replicated across the cluster) and an MQTT 3.1.1 listener on a free port. Started
/// once per test collection, like <see cref="MosquittoFixture"/>. Without nats-server the tests are
/// skipped, unless EDGE_LSTM_REQUIRE_NATS=1 (as in CI), which turns a missing server into a failure.
/// </summary>
public sealed class NatsClusterFixture : IAsyncLifetime
{
    public const string RequireVariable = "EDGE_LSTM_REQUIRE_NATS";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly List<NatsNode> _nodes = [];

    public static string? ServerPath { get; } = Locate();

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("edge-lstm-nats-").FullName;

    public IReadOnlyList<NatsNode> Nodes => _nodes;

    public NatsNode A => _nodes[0];

    public NatsNode B => _nodes[1];

    public NatsNode C => _nodes[2];

    /// <summary>Every node's MQTT URI, comma-separated, as Mqtt:Broker takes them.</summary>
    public string BrokerList => string.Join(',', _nodes.Select(n => n.Uri.ToString().TrimEnd('/')));

    public async Task InitializeAsync()
    {
        if (ServerPath is null)
        {
            if (Required)
            {
                throw new InvalidOperationException($"{RequireVariable}=1 but nats-server is not installed (apt-get install nats-server)");
            }

            return;
        }

        var routes = new[] { FreePort.Next(), FreePort.Next(), FreePort.Next() };
        for (var i = 0; i < 3; i++)
        {
            var name = $"n{i + 1}";
            var store = Path.Combine(WorkDirectory, name);
            var mqttPort = FreePort.Next();
            var config = NatsNode.Config(name, FreePort.Next(), routes[i], mqttPort, routes, store);
            var configPath = Path.Combine(WorkDirectory, name + ".conf");
            await File.WriteAllTextAsync(configPath, config);
            _nodes.Add(new NatsNode(ServerPath, configPath, name, mqttPort));
        }

        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        await Task.WhenAll(_nodes.Select(n => n.WaitUntilMqttReadyAsync(ReadyTimeout)));
    }

    /// <summary>Brings every stopped node back and waits until all accept MQTT again (for the next test).</summary>
    public async Task RestoreAsync()
    {
        foreach (var node in _nodes.Where(n => !n.IsRunning))
        {
            await node.StartAsync();
        }

        await Task.WhenAll(_nodes.Select(n => n.WaitUntilMqttReadyAsync(ReadyTimeout)));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }

    private static string? Locate()
    {
        foreach (var candidate in new[] { "/usr/bin/nats-server", "/usr/sbin/nats-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "nats-server"))
            .FirstOrDefault(File.Exists);
    }
}

[CollectionDefinition(Name)]
public sealed class NatsClusterGroup : ICollectionFixture<NatsClusterFixture>
{
    public const string Name = "nats cluster";
}

/// <summary>A test that needs the NATS cluster: skipped without nats-server unless EDGE_LSTM_REQUIRE_NATS=1.</summary>
public sealed class NatsFactAttribute : FactAttribute
{
    public NatsFactAttribute()
    {
        if (NatsClusterFixture.ServerPath is null && !NatsClusterFixture.Required)
        {
            Skip = "nats-server is not installed: the cluster tests need it (apt-get install nats-server)";
        }
    }
}
