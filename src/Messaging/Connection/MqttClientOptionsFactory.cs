using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeLstm.Messaging.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeLstm.Messaging.Connection;

/// <summary>Builds MQTTnet client options (MQTT 5 or 3.1.1, credentials, TLS, optional Last Will) for one broker of an endpoint.</summary>
internal static class MqttClientOptionsFactory
{
    public sealed record Will(string Topic, byte[] Payload);

    /// <summary>
    /// Certificates are loaded here, at each connection attempt, so renewed files are picked up
    /// on reconnect without a restart.
    /// </summary>
    public static MqttClientOptions Create(IMqttEndpoint endpoint, BrokerAddress broker, MqttProtocol protocol, Will? will)
    {
        var v5 = protocol != MqttProtocol.V311;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(v5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithClientId(endpoint.ClientId)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(endpoint.KeepAlive)
            .WithTimeout(endpoint.ConnectTimeout);

        if (endpoint.Credentials is { } credentials)
        {
            builder.WithCredentials(credentials.UserName, credentials.Password);
        }

        if (broker.UseTls)
        {
            builder.WithTlsOptions(tls => ConfigureTls(tls, endpoint, broker));
        }

        if (will is not null)
        {
            builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload)
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            if (v5)
            {
                // MQTT 3.1.1 has no Will properties: the payload is JSON all the same.
                builder.WithWillContentType("application/json");
            }
        }

        return builder.Build();
    }

    private static void ConfigureTls(MqttClientTlsOptionsBuilder tls, IMqttEndpoint endpoint, BrokerAddress broker)
    {
        tls.UseTls(true).WithTargetHost(broker.Host);
        var settings = endpoint.Tls;
        if (settings is null)
        {
            return; // mqtts:// without a CA: the system trust store decides, as SslStream does by default
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(settings.CaFile);
        if (authorities.Count == 0)
        {
            // ImportFromPemFile skips what it cannot parse; an empty trust list would reject every broker with a vague error.
            throw new CryptographicException($"no PEM certificate found in CA file '{settings.CaFile}'");
        }
        tls.WithCertificateValidationHandler(args => IsTrusted(args.Certificate, args.Chain, args.SslPolicyErrors, authorities));

        if (settings.ClientCertificatePemFile is not null && settings.ClientKeyPemFile is not null)
        {
            var client = X509Certificate2.CreateFromPemFile(settings.ClientCertificatePemFile, settings.ClientKeyPemFile);
            tls.WithClientCertificates(new X509Certificate2Collection(client));
        }
    }

    /// <summary>
    /// The broker's certificate must name the host we dialled and chain to the configured CA only
    /// (not the system store: a private fleet CA should not be bypassed by any public CA).
    /// </summary>
    internal static bool IsTrusted(X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
