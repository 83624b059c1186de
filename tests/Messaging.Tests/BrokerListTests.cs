using EdgeLstm.Messaging.Options;

namespace EdgeLstm.Messaging.Tests;

public sealed class BrokerListTests
{
    private static MqttPublisherOptionsBuilder Robot(string broker) => new MqttPublisherOptionsBuilder().WithBroker(broker).WithRobotId("r1");

    [Fact]
    public void Comma_Separated_Brokers_Are_Kept_In_Order_With_Default_Ports()
    {
        var options = Robot("mqtt://a:1884, mqtt://b").Build();

        Assert.Equal(["mqtt://a:1884", "mqtt://b:1883"], options.Brokers.Select(b => b.Text));
        Assert.Equal("a", options.Host);
    }

    [Theory]
    [InlineData("mqtt://a:1883,,mqtt://b:1883", "empty entry")]
    [InlineData("mqtt://a:1883,http://b", "scheme 'http'")]
    [InlineData("mqtt://a:1883,mqtts://b:8883", "mix of mqtt:// and mqtts://")]
    [InlineData("mqtt://a:1883,mqtt://a:1883", "listed twice")]
    [InlineData("mqtt://a:1883,b c", "'b c' in the broker list is not a URI")]
    public void A_Bad_Entry_Is_Named(string brokers, string expected)
    {
        var error = Assert.Throws<InvalidMqttOptionException>(() => Robot(brokers).Build());

        Assert.Equal("Broker", error.OptionName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5", MqttProtocol.V5)]
    [InlineData("3.1.1", MqttProtocol.V311)]
    [InlineData("auto", MqttProtocol.Auto)]
    [InlineData("AUTO", MqttProtocol.Auto)]
    public void Protocol_Versions_Are_Read_From_Their_Names(string name, MqttProtocol expected)
    {
        Assert.Equal(expected, Robot("mqtt://a").WithProtocol(name).Build().Protocol);
        Assert.Equal(expected, Robot("mqtt://a").WithProtocol(name).BuildSubscriberOptions().Protocol);
    }

    [Fact]
    public void Share_Group_Puts_The_Prediction_Filter_Under_Share()
    {
        var options = new MqttPublisherOptionsBuilder().WithBroker("mqtt://a").WithShareGroup("dash").BuildSubscriberOptions();

        Assert.Equal("$share/dash/edge-lstm/+/prediction", options.PredictionFilter);
        Assert.Equal("edge-lstm/+/status", options.StatusFilter);
        Assert.Throws<InvalidMqttOptionException>(() => new MqttPublisherOptionsBuilder().WithBroker("mqtt://a").WithShareGroup("a/b").BuildSubscriberOptions());
    }
}
