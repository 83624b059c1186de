using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Sensors.Devices;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class HardwareOptionsTests
{
    internal static HardwareOptions Valid() => new()
    {
        ImuType = "mpu6050",
        EncoderType = "quadrature",
        LeftEncoderPinA = 17,
        LeftEncoderPinB = 27,
        RightEncoderPinA = 22,
        RightEncoderPinB = 23,
        TicksPerMeter = 2000,
        TrackWidthMeters = 0.16,
    };

    [Fact]
    public void Valid_Options_Pass() => Valid().Validate();

    [Fact]
    public void Imu_Only_Needs_No_Geometry() =>
        new HardwareOptions { EncoderType = "none", ImuType = "lsm6dsox" }.Validate();

    [Theory]
    [InlineData("ImuType", "bmi088")]
    [InlineData("EncoderType", "magnetic")]
    [InlineData("Mounting", "x-forward-x-up")]
    [InlineData("ImuRateHz", "0")]
    [InlineData("AccelerometerRangeG", "3")]
    [InlineData("GyroscopeRangeDegreesPerSecond", "300")]
    [InlineData("I2cAddress", "200")]
    [InlineData("StuckThreshold", "1")]
    [InlineData("MaxReadRetries", "-1")]
    public void A_Bad_Value_Is_Named(string option, string value)
    {
        HardwareOptions options = Valid();
        switch (option)
        {
            case "ImuType": options.ImuType = value; break;
            case "EncoderType": options.EncoderType = value; break;
            case "Mounting": options.Mounting = value; break;
            case "ImuRateHz": options.ImuRateHz = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "AccelerometerRangeG": options.AccelerometerRangeG = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "GyroscopeRangeDegreesPerSecond": options.GyroscopeRangeDegreesPerSecond = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "I2cAddress": options.I2cAddress = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "StuckThreshold": options.StuckThreshold = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.MaxReadRetries = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_And_Shared_Pins_And_Geometry_Are_All_Reported()
    {
        HardwareOptions options = Valid();
        options.LeftEncoderPinB = null;
        options.RightEncoderPinB = 17;
        options.TicksPerMeter = null;
        options.TrackWidthMeters = -1;

        IReadOnlyList<string> errors = options.GetErrors();

        Assert.Contains(errors, e => e.Contains("LeftEncoderPinB is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RightEncoderPinB uses GPIO 17 which LeftEncoderPinA", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TicksPerMeter", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TrackWidthMeters", StringComparison.Ordinal));
    }

    [Fact]
    public void Pulse_Encoders_Need_Only_Channel_A()
    {
        HardwareOptions options = Valid();
        options.EncoderType = "pulse";
        options.LeftEncoderPinB = null;
        options.RightEncoderPinB = null;
        options.Validate();
    }

    [Fact]
    public void Nothing_To_Read_Is_An_Error()
    {
        var options = new HardwareOptions { ImuType = "none", EncoderType = "none" };
        Assert.Contains("nothing to read", Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
