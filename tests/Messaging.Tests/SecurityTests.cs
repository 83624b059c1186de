using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

[Collection(BrokerGroup.Name)]
public sealed class SecurityTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [MosquittoFact]
    public async Task Tls_With_Ca_And_Client_Certificate_Carries_Predictions()
    {
        var pki = TestPki.Create(broker.WorkDirectory);
        var tlsBroker = await broker.StartTlsBrokerAsync(pki);
        MqttPublisherOptionsBuilder Secure() => TestPredictions.Options(tlsBroker.SecureUri, "tls-1")
            .WithTls(pki.CaFile, pki.ClientCertFile, pki.ClientKeyFile);

        await using var watcher = new PredictionSubscriber(Secure().BuildSubscriberOptions());
        await watcher.ConnectAsync();
        await using var publisher = new MqttPredictionPublisher(Secure().Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);

        Assert.True(TestPredictions.Publish(publisher, 7));
        var prediction = await ReadAsync<ObservedPrediction>(watcher);
        Assert.Equal("tls-1", prediction.RobotId);
        Assert.Equal(7, prediction.Seq);
    }

    [MosquittoFact]
    public async Task Tls_With_An_Untrusted_Ca_Fails_With_A_Tls_Error()
    {
        var pki = TestPki.Create(broker.WorkDirectory);
        var tlsBroker = await broker.StartTlsBrokerAsync(pki);
        var options = TestPredictions.Options(tlsBroker.SecureUri, "tls-2")
            .WithTls(pki.RogueCaFile, pki.ClientCertFile, pki.ClientKeyFile)
            .Build();
        await using var publisher = new MqttPredictionPublisher(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => publisher.StartAsync(failFast: true));

        output.WriteLine(error.Message);
        Assert.Equal(ConnectFailureKind.Tls, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
    }

    [MosquittoFact]
    public async Task Tls_Without_The_Required_Client_Certificate_Is_Refused()
    {
        var pki = TestPki.Create(broker.WorkDirectory);
        var tlsBroker = await broker.StartTlsBrokerAsync(pki);
        var options = TestPredictions.Options(tlsBroker.SecureUri, "tls-3").WithTls(pki.CaFile).Build();
        await using var publisher = new MqttPredictionPublisher(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => publisher.StartAsync(failFast: true));

        output.WriteLine(error.Message);
        Assert.Equal(ConnectFailureKind.Tls, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(publisher.IsConnected);
    }

    [Fact]
    public async Task Malformed_Ca_File_Is_A_Tls_Error_Before_Any_Connection()
    {
        var ca = Path.Combine(broker.WorkDirectory, "garbage-ca.pem");
        await File.WriteAllTextAsync(ca, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        var options = TestPredictions.Options(new Uri($"mqtts://127.0.0.1:{FreePort.Next()}"), "tls-4").WithTls(ca).Build();
        await using var publisher = new MqttPredictionPublisher(options);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => publisher.StartAsync(failFast: true));

        output.WriteLine(error.Message);
        Assert.Equal(ConnectFailureKind.Tls, error.Kind);
        Assert.Contains("cannot load the TLS files", error.Message, StringComparison.Ordinal);
    }

    [MosquittoFact]
    public async Task Bad_Credentials_Give_A_Clear_One_Line_Error()
    {
        var passwordBroker = await broker.StartPasswordBrokerAsync("robot", "right-password");
        var wrong = Path.Combine(broker.WorkDirectory, "wrong.pass");
        var right = Path.Combine(broker.WorkDirectory, "right.pass");
        await File.WriteAllTextAsync(wrong, "wrong-password\n");
        await File.WriteAllTextAsync(right, "right-password\n");

        await using (var rejected = new MqttPredictionPublisher(TestPredictions.Options(passwordBroker.Uri, "auth-1").WithCredentials("robot", wrong).Build()))
        {
            var error = await Assert.ThrowsAsync<MqttConnectException>(() => rejected.StartAsync(failFast: true));
            output.WriteLine(error.Message);
            // MQTT 5 allows either code for a wrong password; mosquitto sends "not authorized".
            Assert.True(error.Kind is ConnectFailureKind.BadCredentials or ConnectFailureKind.NotAuthorized, error.Kind.ToString());
            Assert.Matches("bad user name or password|wrong password", error.Message);
            Assert.Contains("'robot'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }

        await using (var anonymous = new MqttPredictionPublisher(TestPredictions.Options(passwordBroker.Uri, "auth-1").Build()))
        {
            var error = await Assert.ThrowsAsync<MqttConnectException>(() => anonymous.StartAsync(failFast: true));
            output.WriteLine(error.Message);
            Assert.True(error.Kind is ConnectFailureKind.NotAuthorized or ConnectFailureKind.BadCredentials, error.Kind.ToString());
        }

        await using var accepted = new MqttPredictionPublisher(TestPredictions.Options(passwordBroker.Uri, "auth-1").WithCredentials("robot", right).Build());
        await accepted.StartAsync(failFast: true);
        Assert.True(accepted.IsConnected);
    }

    private static async Task<T> ReadAsync<T>(PredictionSubscriber subscriber)
        where T : ObservedMessage
    {
        using var timeout = new CancellationTokenSource(Wait.Default);
        await foreach (var message in subscriber.Messages.ReadAllAsync(timeout.Token))
        {
            if (message is T wanted)
            {
                return wanted;
            }
        }

        throw new InvalidOperationException("subscriber completed");
    }
}
