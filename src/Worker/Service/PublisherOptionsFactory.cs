using EdgeLstm.Messaging.Options;
using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Worker.Service;

/// <summary>Turns <see cref="MqttSettings"/> and the model's shape into validated publisher options.</summary>
public static class PublisherOptionsFactory
{
    private static readonly TimeSpan ReconnectMinDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Throws <see cref="InvalidMqttOptionException"/> naming the bad option.</summary>
    public static MqttPublisherOptions Create(MqttSettings mqtt, string robotId, ModelConfig model) =>
        Builder(mqtt, robotId, model).Build();

    public static MqttPublisherOptionsBuilder Builder(MqttSettings mqtt, string? robotId, ModelConfig? model)
    {
        var builder = new MqttPublisherOptionsBuilder()
            .WithBroker(mqtt.BrokerUriText)
            .WithProtocol(mqtt.ProtocolVersion)
            .WithTopicPrefix(mqtt.TopicPrefix)
            .WithQos(mqtt.Qos)
            .WithQueueCapacity(mqtt.QueueCapacity);
        if (robotId is not null)
        {
            builder.WithRobotId(robotId);
        }

        if (double.IsFinite(mqtt.ReconnectMaxSeconds) && mqtt.ReconnectMaxSeconds > 0)
        {
            var max = TimeSpan.FromSeconds(mqtt.ReconnectMaxSeconds);
            builder.WithReconnectBackoff(max < ReconnectMinDelay ? max : ReconnectMinDelay, max);
        }

        if (model is not null)
        {
            // One slot holds the whole horizon; a prediction is stale once its horizon has passed.
            builder.WithMaxPathPoses(model.HorizonSteps)
                .WithPredictionExpiry(TimeSpan.FromSeconds(Math.Max(1.0, model.HorizonSeconds)));
        }

        if (!string.IsNullOrWhiteSpace(mqtt.Username))
        {
            builder.WithCredentials(mqtt.Username, NullIfEmpty(mqtt.PasswordFile), NullIfEmpty(mqtt.PasswordEnvVar));
        }

        if (!string.IsNullOrWhiteSpace(mqtt.CaFile))
        {
            builder.WithTls(mqtt.CaFile, NullIfEmpty(mqtt.ClientCertFile), NullIfEmpty(mqtt.ClientKeyFile));
        }

        return builder;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
