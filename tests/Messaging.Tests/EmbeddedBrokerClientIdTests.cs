using System.Diagnostics;
using EdgeLstm.Messaging.Broker;

namespace EdgeLstm.Messaging.Tests;

/// <summary>
/// The command the worker prints must work as pasted: mosquitto_sub connects with an empty client
/// id and relies on the broker to assign one. MQTTnet refuses empty ids from MQTT 3.1.1 clients
/// before the broker can assign one, so the printed command asks for MQTT 5 (-V mqttv5).
/// </summary>
public sealed class EmbeddedBrokerClientIdTests
{
    [Theory]
    [InlineData("mqttv5")]
    public async Task Mosquitto_Sub_Without_A_Client_Id_Can_Subscribe(string protocol)
    {
        if (FindMosquittoSub() is not { } mosquittoSub)
        {
            Assert.NotEqual("1", Environment.GetEnvironmentVariable("EDGE_LSTM_REQUIRE_MOSQUITTO"));
            return;
        }

        await using var broker = await EmbeddedBroker.StartAsync(0);
        var start = new ProcessStartInfo(mosquittoSub) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-V", protocol, "-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "edge-lstm/#", "-W", "1" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // -W 1: exits after a second without messages; a refused connection says so on stderr instead.
        Assert.DoesNotContain("Connection error", stderr);
        Assert.DoesNotContain("not valid", stderr);
    }

    private static string? FindMosquittoSub() =>
        new[] { "/usr/bin/mosquitto_sub", "/usr/local/bin/mosquitto_sub" }.FirstOrDefault(File.Exists);
}
