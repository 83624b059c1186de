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
    internal const string PlainScheme = "mqtt";
    internal const string SecureScheme = "mqtts";
    private const int PlainDefaultPort = 1883;
    private const int SecureDefaultPort = 8883;

    private readonly Values _values = new();
    private string? _brokerText;
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

    /// <summary>Same as <see cref="WithBroker(Uri)"/>, parsed in <see cref="Build"/> so a bad string names the option.</summary>
    public MqttPublisherOptionsBuilder WithBroker(string broker)
    {
        _brokerText = broker;
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
        _values.BrokerUri = ParseBroker(_brokerText);
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
        _values.BrokerUri = ParseBroker(_brokerText);
        if (_values.RobotId is not null)
        {
            MqttTopicRules.ThrowIfNotSingleLevel(_values.RobotId, "RobotId");
        }

        var credentials = ValidateShared();
        return new PredictionSubscriberOptions(_values, credentials);
    }

    private MqttCredentials? ValidateShared()
    {
        MqttTopicRules.ThrowIfBadPrefix(_values.TopicPrefix, "TopicPrefix");
        ValidateClientId(_values.ClientId);
        ValidateNumbers(_values);
        ValidateTls(_values);
        return ResolveCredentials();
    }

    private static Uri ParseBroker(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidMqttOptionException("Broker", "no broker URI given; expected mqtt://host:port or mqtts://host:port");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidMqttOptionException("Broker", $"'{text}' is not a URI; expected mqtt://host:port or mqtts://host:port");
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
            throw new InvalidMqttOptionException("Broker", $"'{text}' has a path or query; expected mqtt://host:port");
        }

        // Uri does not know default ports of mqtt schemes and reports -1 for "mqtt://host".
        var port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == SecureScheme ? SecureDefaultPort : PlainDefaultPort) : uri.Port;
        return new UriBuilder(uri.Scheme, uri.Host, port).Uri;
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
        var secure = values.BrokerUri.Scheme == SecureScheme;
        if (values.Tls is null)
        {
            return;
        }

        if (!secure)
        {
            throw new InvalidMqttOptionException("Tls", $"TLS files were given but the broker URI is {values.BrokerUri.Scheme}://; use mqtts://");
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
        public Uri BrokerUri { get; set; } = new("mqtt://127.0.0.1:1883");
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
