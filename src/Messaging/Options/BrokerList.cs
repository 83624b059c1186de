namespace EdgeLstm.Messaging.Options;

/// <summary>
/// Parses the broker option: one URI, or several separated by commas for failover
/// ("mqtt://a:1883,mqtt://b:1883"). Every entry is checked; the error names the bad one.
/// </summary>
internal static class BrokerList
{
    internal const string PlainScheme = "mqtt";
    internal const string SecureScheme = "mqtts";
    private const int PlainDefaultPort = 1883;
    private const int SecureDefaultPort = 8883;
    private const int MaxBrokers = 16;

    public static IReadOnlyList<BrokerAddress> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidMqttOptionException("Broker", "no broker URI given; expected mqtt://host:port or mqtts://host:port");
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxBrokers)
        {
            throw new InvalidMqttOptionException("Broker", $"{parts.Length} brokers listed; at most {MaxBrokers}");
        }

        var brokers = new List<BrokerAddress>(parts.Length);
        foreach (var part in parts)
        {
            var address = new BrokerAddress(ParseOne(part, parts.Length > 1));
            if (brokers.Contains(address))
            {
                throw new InvalidMqttOptionException("Broker", $"{address.Text} is listed twice");
            }

            brokers.Add(address);
        }

        if (brokers.Select(b => b.UseTls).Distinct().Count() > 1)
        {
            // One TLS setting (CA, client certificate) serves every broker: mixing would silently send plain text to some.
            throw new InvalidMqttOptionException("Broker", "mix of mqtt:// and mqtts:// brokers; list brokers of one scheme");
        }

        return brokers;
    }

    private static Uri ParseOne(string text, bool inList)
    {
        var where = inList ? $"'{text}' in the broker list" : $"'{text}'";
        if (text.Length == 0)
        {
            throw new InvalidMqttOptionException("Broker", "empty entry in the broker list (two commas, or a trailing comma?)");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidMqttOptionException("Broker", $"{where} is not a URI; expected mqtt://host:port or mqtts://host:port");
        }

        if (uri.Scheme != PlainScheme && uri.Scheme != SecureScheme)
        {
            throw new InvalidMqttOptionException("Broker", $"scheme '{uri.Scheme}' is not supported; use mqtt:// or mqtts://");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // A password in the URI would end up in logs and `ps`; WithCredentials reads it from a file.
            throw new InvalidMqttOptionException("Broker", "the URI must not carry user information; use WithCredentials");
        }

        if (uri.AbsolutePath is not ("/" or "") || !string.IsNullOrEmpty(uri.Query))
        {
            throw new InvalidMqttOptionException("Broker", $"{where} has a path or query; expected mqtt://host:port");
        }

        // Uri does not know default ports of mqtt schemes and reports -1 for "mqtt://host".
        var port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == SecureScheme ? SecureDefaultPort : PlainDefaultPort) : uri.Port;
        return new UriBuilder(uri.Scheme, uri.Host, port).Uri;
    }
}
