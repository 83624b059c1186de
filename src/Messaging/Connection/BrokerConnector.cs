using System.Security.Cryptography;
using EdgeLstm.Messaging.Options;
using MQTTnet;

namespace EdgeLstm.Messaging.Connection;

/// <summary>The outcome of one connection attempt: the version the broker accepted, or why it failed.</summary>
internal readonly record struct ConnectOutcome(MqttProtocol Spoken, MqttConnectException? Failure)
{
    public bool Connected => Failure is null;
}

/// <summary>
/// One connection attempt to one broker, shared by publisher and subscriber: builds the client
/// options (TLS files read now, so renewed certificates count), connects within the connect
/// timeout and, with <see cref="MqttProtocol.Auto"/>, falls back from MQTT 5 to 3.1.1 when the
/// broker refuses the version. Never throws for a network or broker failure: returns it.
/// </summary>
internal static class BrokerConnector
{
    /// <param name="known">The version this broker accepted before (auto mode), tried first to save a round trip.</param>
    public static async Task<ConnectOutcome> ConnectAsync(
        IMqttClient client,
        IMqttEndpoint endpoint,
        BrokerAddress broker,
        MqttProtocol? known,
        MqttClientOptionsFactory.Will? will,
        CancellationToken cancellationToken)
    {
        var configured = endpoint.Protocol;
        var first = configured == MqttProtocol.Auto ? known ?? MqttProtocol.V5 : configured;
        var failure = await AttemptAsync(client, endpoint, broker, first, will, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return new ConnectOutcome(first, null);
        }

        if (configured != MqttProtocol.Auto || first != MqttProtocol.V5 || !ProtocolFallback.MayBeVersionRefusal(failure))
        {
            return new ConnectOutcome(first, failure);
        }

        var retry = await AttemptAsync(client, endpoint, broker, MqttProtocol.V311, will, cancellationToken).ConfigureAwait(false);
        if (retry is null)
        {
            return new ConnectOutcome(MqttProtocol.V311, null);
        }

        // Both failed: the MQTT 5 answer explains more unless 3.1.1 met a clearer refusal (credentials, TLS).
        return new ConnectOutcome(MqttProtocol.V5, retry.Kind == ConnectFailureKind.Other ? failure : retry);
    }

    private static async Task<MqttConnectException?> AttemptAsync(
        IMqttClient client,
        IMqttEndpoint endpoint,
        BrokerAddress broker,
        MqttProtocol protocol,
        MqttClientOptionsFactory.Will? will,
        CancellationToken cancellationToken)
    {
        MqttClientOptions options;
        try
        {
            options = MqttClientOptionsFactory.Create(endpoint, broker, protocol, will);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return ConnectFailure.FromTlsFiles(ex, broker);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(endpoint.ConnectTimeout);
        try
        {
            var result = await client.ConnectAsync(options, attempt.Token).ConfigureAwait(false);
            return result.ResultCode == MqttClientConnectResultCode.Success ? null : ConnectFailure.FromResult(result, endpoint, broker, protocol);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ConnectFailure.FromException(ex, endpoint, broker, timedOut: attempt.IsCancellationRequested);
        }
    }
}
