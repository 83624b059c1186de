using System.Diagnostics;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// One nats-server process of a <see cref="NatsClusterFixture"/>: client, cluster-route and MQTT
/// listeners on loopback, JetStream in its own directory. Can be stopped (SIGKILL: a crashed node)
/// and started again with the same configuration.
/// </summary>
public sealed class NatsNode : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _configPath;
    private readonly StringBuilder _output = new();
    private Process? _process;

    internal NatsNode(string executable, string configPath, string name, int mqttPort)
    {
        _executable = executable;
        _configPath = configPath;
        Name = name;
        MqttPort = mqttPort;
    }

    public string Name { get; }

    public int MqttPort { get; }

    public Uri Uri => new($"mqtt://127.0.0.1:{MqttPort}");

    public bool IsRunning => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The node's configuration: a cluster of <paramref name="routePorts"/>, MQTT on, JetStream in <paramref name="storeDirectory"/>.</summary>
    internal static string Config(string name, int clientPort, int routePort, int mqttPort, IEnumerable<int> routePorts, string storeDirectory) => $$"""
        server_name: {{name}}
        listen: 127.0.0.1:{{clientPort}}
        jetstream {
          store_dir: "{{storeDirectory}}"
          max_memory_store: 64MB
          max_file_store: 512MB
        }
        cluster {
          name: edge-lstm-test
          listen: 127.0.0.1:{{routePort}}
          routes: [{{string.Join(", ", routePorts.Select(p => $"nats-route://127.0.0.1:{p}"))}}]
        }
        mqtt {
          listen: 127.0.0.1:{{mqttPort}}
        }

        """;

    /// <summary>Starts (or restarts) the node and waits until its MQTT listener accepts.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"nats node {Name} is already running");
        }

        var info = new ProcessStartInfo(_executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_configPath);
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (!await FreePort.AcceptsAsync(MqttPort))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"nats-server {Name} did not open MQTT port {MqttPort}: {Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until an MQTT 3.1.1 client is accepted: the MQTT listener opens before the cluster has
    /// elected its JetStream leader, and until then the node refuses MQTT sessions.
    /// </summary>
    public async Task WaitUntilMqttReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = "no attempt";
        while (clock.Elapsed < timeout)
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", MqttPort).WithProtocolVersion(MqttProtocolVersion.V311).WithClientId($"probe{Guid.NewGuid():N}"[..20]).Build();
                var result = await client.ConnectAsync(options, attempt.Token);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    last = result.ResultCode.ToString();
                    continue;
                }

                // A QoS 1 subscription needs a JetStream consumer: refused until the cluster has its leaders again.
                var granted = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge-lstm-probe/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), attempt.Token);
                var code = granted.Items.First().ResultCode;
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
                if (code == MqttClientSubscribeResultCode.GrantedQoS1)
                {
                    return;
                }

                last = $"subscription {code}";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex.Message;
            }
            finally
            {
                await Task.Delay(200);
            }
        }

        throw new InvalidOperationException($"nats-server {Name} did not accept MQTT within {timeout.TotalSeconds:0} s ({last}): {Output}");
    }

    /// <summary>Kills the node (SIGKILL: a crash, no goodbye to clients or routes) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
