using System.Diagnostics;
using EdgeLstm.Messaging.Broker;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// The broker every integration test talks to: a real mosquitto on a free loopback port, or, where
/// mosquitto is not installed, the in-process <see cref="EmbeddedBroker"/> (unless
/// EDGE_LSTM_REQUIRE_MOSQUITTO=1, as in CI, which turns a missing mosquitto into a failure).
/// Also starts extra mosquitto instances with TLS or a password file.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    public const string RequireVariable = "EDGE_LSTM_REQUIRE_MOSQUITTO";

    private MosquittoProcess? _mosquitto;
    private EmbeddedBroker? _embedded;
    private int _embeddedPort;
    private readonly List<MosquittoProcess> _extraBrokers = [];

    /// <summary>EDGE_LSTM_TEST_EMBEDDED_BROKER=1 pretends mosquitto is missing, to exercise the fallback.</summary>
    public const string ForceEmbeddedVariable = "EDGE_LSTM_TEST_EMBEDDED_BROKER";

    public static string? MosquittoPath { get; } =
        Environment.GetEnvironmentVariable(ForceEmbeddedVariable) == "1" ? null : MosquittoProcess.Locate();

    public static bool MosquittoRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public bool IsMosquitto => _mosquitto is not null;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("edge-lstm-mqtt-").FullName;

    public int Port => _mosquitto?.Port ?? _embeddedPort;

    public Uri Uri => new($"mqtt://127.0.0.1:{Port}");

    public async Task InitializeAsync()
    {
        if (MosquittoPath is not null)
        {
            _mosquitto = await MosquittoProcess.StartAsync(MosquittoPath, WorkDirectory, "plain", "allow_anonymous true\n");
            return;
        }

        if (MosquittoRequired)
        {
            throw new InvalidOperationException($"{RequireVariable}=1 but mosquitto was found neither at /usr/sbin/mosquitto nor on PATH; install it (apt-get install mosquitto mosquitto-clients).");
        }

        _embedded = await EmbeddedBroker.StartAsync(0);
        _embeddedPort = _embedded.Port;
    }

    /// <summary>Takes the main broker down (mosquitto is killed; the embedded broker is stopped).</summary>
    public async Task StopAsync()
    {
        if (_mosquitto is not null)
        {
            await _mosquitto.StopAsync();
        }
        else if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
            _embedded = null;
        }
    }

    /// <summary>Brings the main broker back on the same port.</summary>
    public async Task StartAsync()
    {
        if (_mosquitto is not null)
        {
            await _mosquitto.StartAsync();
        }
        else
        {
            _embedded = await EmbeddedBroker.StartAsync(_embeddedPort);
        }
    }

    /// <summary>Another plain, anonymous mosquitto on its own port (a failover target).</summary>
    public Task<MosquittoProcess> StartPlainBrokerAsync(string name) => StartExtraAsync(name, "allow_anonymous true\n");

    /// <summary>A second mosquitto that demands TLS with a client certificate signed by <paramref name="pki"/>'s CA.</summary>
    public async Task<MosquittoProcess> StartTlsBrokerAsync(TestPki pki)
    {
        var config = $"""
            allow_anonymous true
            cafile {pki.CaFile}
            certfile {pki.ServerCertFile}
            keyfile {pki.ServerKeyFile}
            require_certificate true

            """;
        return await StartExtraAsync("tls", config);
    }

    /// <summary>A second mosquitto that only admits <paramref name="user"/> with <paramref name="password"/>.</summary>
    public async Task<MosquittoProcess> StartPasswordBrokerAsync(string user, string password)
    {
        var passwordFile = Path.Combine(WorkDirectory, "passwd");
        var info = new ProcessStartInfo("mosquitto_passwd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-b", "-c", passwordFile, user, password })
        {
            info.ArgumentList.Add(argument);
        }

        using (var tool = Process.Start(info)!)
        {
            await tool.WaitForExitAsync();
            if (tool.ExitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd failed: {await tool.StandardError.ReadToEndAsync()}");
            }
        }

        return await StartExtraAsync("password", $"allow_anonymous false\npassword_file {passwordFile}\n");
    }

    /// <summary>
    /// A second, anonymous mosquitto whose access list is <paramref name="acl"/> (mosquitto's acl_file
    /// syntax), kept in the returned file: rewrite it and call <see cref="MosquittoProcess.ReloadAsync"/>.
    /// </summary>
    public async Task<(MosquittoProcess Broker, string AclFile)> StartAclBrokerAsync(string name, string acl)
    {
        var aclFile = Path.Combine(WorkDirectory, name + ".acl");
        await File.WriteAllTextAsync(aclFile, acl);
        return (await StartExtraAsync(name, $"allow_anonymous true\nacl_file {aclFile}\n"), aclFile);
    }

    public async Task DisposeAsync()
    {
        foreach (var broker in _extraBrokers)
        {
            await broker.DisposeAsync();
        }

        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }

    private async Task<MosquittoProcess> StartExtraAsync(string name, string config)
    {
        if (MosquittoPath is null)
        {
            throw new InvalidOperationException("mosquitto is not installed");
        }

        var broker = await MosquittoProcess.StartAsync(MosquittoPath, WorkDirectory, name, config);
        _extraBrokers.Add(broker);
        return broker;
    }
}

[CollectionDefinition(Name)]
public sealed class BrokerGroup : ICollectionFixture<MosquittoFixture>
{
    public const string Name = "broker";
}

/// <summary>
/// A test that needs mosquitto itself (TLS listener, password file): the embedded broker offers
/// neither, so without mosquitto the test is skipped, unless EDGE_LSTM_REQUIRE_MOSQUITTO=1 where
/// the fixture fails loudly instead.
/// </summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (MosquittoFixture.MosquittoPath is null && !MosquittoFixture.MosquittoRequired)
        {
            Skip = "mosquitto is not installed: TLS and password-file tests need it (the embedded fallback broker has no TLS listener or password file)";
        }
    }
}
