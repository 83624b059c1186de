namespace EdgeLstm.Messaging.Options;

/// <summary>
/// Fluent builder of <see cref="MqttPublisherOptions"/>. Setters only record values; everything is
/// checked once in <see cref="Build"/>, which throws <see cref="InvalidMqttOptionException"/> naming
/// the first bad option, so a command can print one clear line instead of failing later.
/// </summary>
public sealed class MqttPublisherOptionsBuilder
{
    public const string DefaultTopicPrefix = "edge-lstm";
    public const int DefaultQueueCapacity = 256;
    public const int DefaultMaxPathPoses = 20;

    private readonly Values _values = new();
    private string? _brokerText;
    private string? _protocolText;
    private string? _userName;
    private string? _passwordFile;
    private string? _passwordEnvVar;

    /// <summary>mqtt://host[:port] (default 1883) or mqtts://host[:port] (default 8883).</summary>
    public MqttPublisherOptionsBuilder WithBroker(Uri broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _brokerText = broker.OriginalString;
        return this;
    }

    /// <summary>
    /// Same as <see cref="WithBroker(Uri)"/>, parsed in <see cref="Build"/> so a bad string names the
    /// option; several URIs separated by commas ("mqtt://a:1883,mqtt://b:1883") are tried in turn: the
    /// client starts with the first and moves to the next when a connection is lost or refused.
    /// </summary>
    public MqttPublisherOptionsBuilder WithBroker(string broker)
    {
        _brokerText = broker;
        return this;
    }

    /// <summary>Several brokers for failover, in order of preference.</summary>
    public MqttPublisherOptionsBuilder WithBrokers(IEnumerable<Uri> brokers)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        _brokerText = string.Join(',', brokers.Select(b => b.OriginalString));
        return this;
    }

    /// <summary>MQTT 5 (default), 3.1.1, or auto (5, falling back to 3.1.1 when the broker refuses 5).</summary>
    public MqttPublisherOptionsBuilder WithProtocol(MqttProtocol protocol)
    {
        _values.Protocol = protocol;
        return this;
    }

    /// <summary>As <see cref="WithProtocol(MqttProtocol)"/> from the user's text ("5", "3.1.1", "auto"), checked in <see cref="Build"/>.</summary>
    public MqttPublisherOptionsBuilder WithProtocol(string protocol)
    {
        _protocolText = protocol;
        return this;
    }

    /// <summary>Subscribers only: read predictions through the shared subscription $share/GROUP/... (one topic level).</summary>
    public MqttPublisherOptionsBuilder WithShareGroup(string group)
    {
        _values.ShareGroup = group;
        return this;
    }

    /// <summary>One topic level: no '/', '+', '#'.</summary>
    public MqttPublisherOptionsBuilder WithRobotId(string robotId)
    {
        _values.RobotId = robotId;
        return this;
    }

    /// <summary>Topic prefix, default "edge-lstm"; may span levels ("fleet/a") but holds no wildcards.</summary>
    public MqttPublisherOptionsBuilder WithTopicPrefix(string prefix)
    {
        _values.TopicPrefix = prefix;
        return this;
    }

    /// <summary>Defaults to edge-lstm-{robot}-{random}, so two processes never take over each other's session.</summary>
    public MqttPublisherOptionsBuilder WithClientId(string clientId)
    {
        _values.ClientId = clientId;
        return this;
    }

    /// <summary>QoS of predictions, 0 (default), 1 or 2.</summary>
    public MqttPublisherOptionsBuilder WithQos(int qos)
    {
        _values.Qos = qos;
        return this;
    }

    /// <summary>
    /// User name, and the password from a file (first line) or an environment variable; at most
    /// one of the two. Both null means a user name without password.
    /// </summary>
    public MqttPublisherOptionsBuilder WithCredentials(string userName, string? passwordFile = null, string? passwordEnvVar = null)
    {
        _userName = userName;
        _passwordFile = passwordFile;
        _passwordEnvVar = passwordEnvVar;
        return this;
    }

    /// <summary>TLS with a CA (PEM) and optionally a client certificate and key (PEM); needs mqtts://.</summary>
    public MqttPublisherOptionsBuilder WithTls(string caFile, string? clientCertPemFile = null, string? clientKeyPemFile = null)
    {
        _values.Tls = new MqttTlsSettings(caFile, clientCertPemFile, clientKeyPemFile);
        return this;
    }

    public MqttPublisherOptionsBuilder WithQueueCapacity(int capacity)
    {
        _values.QueueCapacity = capacity;
        return this;
    }

    /// <summary>Poses per prediction slot (K); a prediction with more poses is refused by TryGetSlot.</summary>
    public MqttPublisherOptionsBuilder WithMaxPathPoses(int poses)
    {
        _values.MaxPathPoses = poses;
        return this;
    }

    public MqttPublisherOptionsBuilder WithReconnectBackoff(TimeSpan min, TimeSpan max)
    {
        _values.ReconnectMin = min;
        _values.ReconnectMax = max;
        return this;
    }

    /// <summary>MQTT 5 expiry of predictions, about the horizon; rounded up to whole seconds, at least 1 s.</summary>
    public MqttPublisherOptionsBuilder WithPredictionExpiry(TimeSpan expiry)
    {
        _values.PredictionExpiry = expiry;
        return this;
    }

    public MqttPublisherOptionsBuilder WithConnectTimeout(TimeSpan timeout)
    {
        _values.ConnectTimeout = timeout;
        return this;
    }

    public MqttPublisherOptionsBuilder WithKeepAlive(TimeSpan keepAlive)
    {
        _values.KeepAlive = keepAlive;
        return this;
    }

    /// <summary>Validates everything and returns publisher options; throws <see cref="InvalidMqttOptionException"/>.</summary>
    public MqttPublisherOptions Build()
    {
        ParseBrokerAndProtocol();
        MqttTopicRules.ThrowIfNotSingleLevel(_values.RobotId, "RobotId");
        var credentials = ValidateShared();
        return new MqttPublisherOptions(_values, credentials);
    }

    /// <summary>
    /// Options for <see cref="Subscribing.PredictionSubscriber"/> (the watch command) from the same
    /// broker, prefix, credentials and TLS settings. The robot id is optional here: without it every
    /// robot under the prefix is watched.
    /// </summary>
    public PredictionSubscriberOptions BuildSubscriberOptions()
    {
        ParseBrokerAndProtocol();
        if (_values.RobotId is not null)
        {
            MqttTopicRules.ThrowIfNotSingleLevel(_values.RobotId, "RobotId");
        }

        if (_values.ShareGroup is not null)
        {
            MqttTopicRules.ThrowIfNotSingleLevel(_values.ShareGroup, "ShareGroup");
        }

        var credentials = ValidateShared();
        return new PredictionSubscriberOptions(_values, credentials);
    }

    private void ParseBrokerAndProtocol()
    {
        _values.Brokers = BrokerList.Parse(_brokerText);
        if (_protocolText is not null)
        {
            _values.Protocol = MqttProtocolNames.Parse(_protocolText);
        }
    }

    private MqttCredentials? ValidateShared()
    {
        MqttTopicRules.ThrowIfBadPrefix(_values.TopicPrefix, "TopicPrefix");
        ValidateClientId(_values.ClientId);
        ValidateNumbers(_values);
        ValidateTls(_values);
        return ResolveCredentials();
    }

    private static void ValidateClientId(string? clientId)
    {
        if (clientId is null)
        {
            return;
        }

        if (clientId.Length is 0 or > 128 || clientId.Any(char.IsControl))
        {
            throw new InvalidMqttOptionException("ClientId", "must be 1 to 128 printable characters");
        }
    }

    private static void ValidateNumbers(Values values)
    {
        if (values.Qos is < 0 or > 2)
        {
            throw new InvalidMqttOptionException("Qos", $"{values.Qos} is not a QoS level; expected 0, 1 or 2");
        }

        if (values.QueueCapacity is < 1 or > 1 << 20)
        {
            throw new InvalidMqttOptionException("QueueCapacity", $"{values.QueueCapacity} is out of range 1..1048576");
        }

        if (values.MaxPathPoses is < 1 or > 10_000)
        {
            throw new InvalidMqttOptionException("MaxPathPoses", $"{values.MaxPathPoses} is out of range 1..10000");
        }

        if (values.ReconnectMin <= TimeSpan.Zero || values.ReconnectMax < values.ReconnectMin)
        {
            throw new InvalidMqttOptionException("ReconnectBackoff", $"need 0 < min <= max, got min {values.ReconnectMin} max {values.ReconnectMax}");
        }

        if (values.PredictionExpiry <= TimeSpan.Zero || values.PredictionExpiry > TimeSpan.FromDays(1))
        {
            throw new InvalidMqttOptionException("PredictionExpiry", $"{values.PredictionExpiry} must be positive and at most one day");
        }

        if (values.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new InvalidMqttOptionException("ConnectTimeout", $"{values.ConnectTimeout} must be positive");
        }

        if (values.KeepAlive < TimeSpan.FromSeconds(1) || values.KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            throw new InvalidMqttOptionException("KeepAlive", $"{values.KeepAlive} is out of range 1 s..65535 s");
        }
    }

    private static void ValidateTls(Values values)
    {
        var secure = values.Brokers[0].UseTls;
        if (values.Tls is null)
        {
            return;
        }

        if (!secure)
        {
            throw new InvalidMqttOptionException("Tls", $"TLS files were given but the broker URI is {values.Brokers[0].Uri.Scheme}://; use mqtts://");
        }

        ThrowIfMissingFile(values.Tls.CaFile, "Tls.CaFile");
        if ((values.Tls.ClientCertificatePemFile is null) != (values.Tls.ClientKeyPemFile is null))
        {
            throw new InvalidMqttOptionException("Tls.ClientCertificate", "give both the client certificate and its key, or neither");
        }

        if (values.Tls.ClientCertificatePemFile is not null)
        {
            ThrowIfMissingFile(values.Tls.ClientCertificatePemFile, "Tls.ClientCertificate");
            ThrowIfMissingFile(values.Tls.ClientKeyPemFile!, "Tls.ClientKey");
        }
    }

    private static void ThrowIfMissingFile(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidMqttOptionException(option, $"file '{path}' does not exist");
        }
    }

    private MqttCredentials? ResolveCredentials()
    {
        if (_userName is null)
        {
            return null;
        }

        if (_userName.Length == 0)
        {
            throw new InvalidMqttOptionException("Credentials", "the user name is empty");
        }

        if (_passwordFile is not null && _passwordEnvVar is not null)
        {
            throw new InvalidMqttOptionException("Credentials", "give the password file or the environment variable, not both");
        }

        if (_passwordFile is not null)
        {
            ThrowIfMissingFile(_passwordFile, "Credentials.PasswordFile");
            string password;
            try
            {
                // First line only: editors and `echo` add a trailing newline that is not part of the password.
                password = File.ReadLines(_passwordFile).FirstOrDefault() ?? string.Empty;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidMqttOptionException("Credentials.PasswordFile", $"cannot read '{_passwordFile}': {ex.Message}");
            }

            return new MqttCredentials(_userName, password, $"file {_passwordFile}");
        }

        if (_passwordEnvVar is not null)
        {
            var password = Environment.GetEnvironmentVariable(_passwordEnvVar);
            if (password is null)
            {
                throw new InvalidMqttOptionException("Credentials.PasswordEnvVar", $"environment variable {_passwordEnvVar} is not set");
            }

            return new MqttCredentials(_userName, password, $"environment variable {_passwordEnvVar}");
        }

        return new MqttCredentials(_userName, string.Empty, "none");
    }

    /// <summary>Raw values before validation; a class so Build can hand them over in one piece.</summary>
    internal sealed class Values
    {
        public IReadOnlyList<BrokerAddress> Brokers { get; set; } = [new(new Uri("mqtt://127.0.0.1:1883"))];
        public MqttProtocol Protocol { get; set; } = MqttProtocol.V5;
        public string? ShareGroup { get; set; }
        public string? RobotId { get; set; }
        public string TopicPrefix { get; set; } = DefaultTopicPrefix;
        public string? ClientId { get; set; }
        public int Qos { get; set; }
        public MqttTlsSettings? Tls { get; set; }
        public int QueueCapacity { get; set; } = DefaultQueueCapacity;
        public int MaxPathPoses { get; set; } = DefaultMaxPathPoses;
        public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromMilliseconds(250);
        public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan PredictionExpiry { get; set; } = TimeSpan.FromSeconds(2);
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
    }
}
