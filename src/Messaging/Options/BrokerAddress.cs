namespace EdgeLstm.Messaging.Options;

/// <summary>One broker of the list a client may connect to (mqtt://host:port or mqtts://host:port).</summary>
public sealed record BrokerAddress(Uri Uri)
{
    /// <summary>Host; also the name the broker's TLS certificate must carry.</summary>
    public string Host => Uri.IdnHost;

    public int Port => Uri.Port;

    /// <summary>True for mqtts://.</summary>
    public bool UseTls => Uri.Scheme == BrokerList.SecureScheme;

    /// <summary>"mqtt://host:port", as logs and the status topic show it.</summary>
    public string Text => Uri.GetLeftPart(UriPartial.Authority);

    public override string ToString() => Text;
}
