namespace EdgeLstm.Messaging.Options;

/// <summary>
/// TLS material as PEM files. The broker's certificate must chain to <see cref="CaFile"/> and match
/// the host name of the broker URI; the client certificate is optional (mutual TLS).
/// </summary>
public sealed record MqttTlsSettings(string CaFile, string? ClientCertificatePemFile, string? ClientKeyPemFile)
{
    public bool HasClientCertificate => ClientCertificatePemFile is not null;
}
