using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// A throw-away certificate authority with a server certificate for 127.0.0.1/localhost and a client
/// certificate, plus an unrelated "rogue" CA, all written as PEM for mosquitto and the publisher.
/// </summary>
public sealed class TestPki
{
    private TestPki(string directory)
    {
        CaFile = Path.Combine(directory, "ca.pem");
        RogueCaFile = Path.Combine(directory, "rogue-ca.pem");
        ServerCertFile = Path.Combine(directory, "server.pem");
        ServerKeyFile = Path.Combine(directory, "server.key");
        ClientCertFile = Path.Combine(directory, "client.pem");
        ClientKeyFile = Path.Combine(directory, "client.key");
    }

    public string CaFile { get; }

    public string RogueCaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    public static TestPki Create(string directory)
    {
        var pki = new TestPki(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateAuthority(caKey, "CN=edge-lstm test CA");
        File.WriteAllText(pki.CaFile, ca.ExportCertificatePem());

        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rogue = CreateAuthority(rogueKey, "CN=edge-lstm rogue CA");
        File.WriteAllText(pki.RogueCaFile, rogue.ExportCertificatePem());

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        IssueLeaf(ca, "CN=127.0.0.1", names, serverAuth: true, pki.ServerCertFile, pki.ServerKeyFile, serial: 2);
        IssueLeaf(ca, "CN=robot-1", null, serverAuth: false, pki.ClientCertFile, pki.ClientKeyFile, serial: 3);
        return pki;
    }

    private static X509Certificate2 CreateAuthority(ECDsa key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static void IssueLeaf(X509Certificate2 ca, string subject, SubjectAlternativeNameBuilder? names, bool serverAuth, string certFile, string keyFile, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var usage = serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        // Valid no longer than the CA: a leaf issued a second after the CA would otherwise outlive it,
        // which CertificateRequest refuses.
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), ca.NotAfter.AddMinutes(-1), [serial]);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
