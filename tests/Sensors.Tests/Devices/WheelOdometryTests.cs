using EdgeLstm.Sensors.Devices.Encoders;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class WheelOdometryTests
{
    [Fact]
    public void Speeds_And_Body_Motion_From_Tick_Differences()
    {
        using var left = new FakeEncoder();
        using var right = new FakeEncoder();
        var odometry = new WheelOdometry(left, right, ticksPerMeter: 1000, trackWidthMeters: 0.2);

        WheelOdometrySample first = odometry.Sample(1_000_000_000);
        Assert.Equal(0, first.V);

        left.Count = 100;   // 0.1 m in 0.5 s
        right.Count = 300;  // 0.3 m in 0.5 s
        WheelOdometrySample second = odometry.Sample(1_500_000_000);

        Assert.Equal(100, second.TicksLeft);
        Assert.Equal(300, second.TicksRight);
        Assert.Equal(0.2, second.SpeedLeft, 1e-12);
        Assert.Equal(0.6, second.SpeedRight, 1e-12);
        Assert.Equal(0.4, second.V, 1e-12);
        Assert.Equal(2.0, second.W, 1e-12); // (0.6 - 0.2) / 0.2
    }

    [Fact]
    public void Inverted_Side_Counts_Forward_As_Positive()
    {
        using var left = new FakeEncoder();
        using var right = new FakeEncoder();
        var odometry = new WheelOdometry(left, right, 500, 0.3, invertLeft: true);
        odometry.Sample(0);
        left.Count = -250;
        right.Count = 250;
        WheelOdometrySample sample = odometry.Sample(1_000_000_000);
        Assert.Equal(250, sample.TicksLeft);
        Assert.Equal(0.5, sample.V, 1e-12);
        Assert.Equal(0, sample.W, 1e-12);
    }

    [Fact]
    public void Bad_Geometry_Is_Refused()
    {
        using var left = new FakeEncoder();
        using var right = new FakeEncoder();
        Assert.Throws<ArgumentOutOfRangeException>(() => new WheelOdometry(left, right, 0, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WheelOdometry(left, right, 100, double.NaN));
    }

    private sealed class FakeEncoder : IWheelEncoder
    {
        public long Count { get; set; }

        public long IllegalTransitions => 0;

        public void Dispose()
        {
        }
    }
}
