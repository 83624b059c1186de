using System.Device.Gpio;
using System.Device.I2c;
using System.Globalization;
using System.Numerics;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Encoders;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;
using EdgeLstm.Sensors.Devices.Lsm9ds1;
using EdgeLstm.Sensors.Devices.Mpu6050;
using EdgeLstm.Sensors.Devices.Smbus;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Hardware;

/// <summary>The chips a <see cref="HardwareOptions"/> names, opened and configured: the IMU on its I2C bus and the wheel encoders on their GPIO lines.</summary>
internal static class HardwareDrivers
{
    internal static int DefaultAddress(HardwareOptions options) =>
        options.IsMpu ? Mpu6xxx.DefaultI2cAddress : options.IsLsm9ds1 ? Lsm9ds1Imu.DefaultI2cAddress : Lsm6dsx.DefaultI2cAddress;

    internal static IImuDriver CreateImu(HardwareOptions options, Func<I2cDevice> i2cFactory, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        I2cDevice device = i2cFactory();
        try
        {
            return options.IsMpu ? CreateMpu(options, device, sleep, clockNs)
                : options.IsLsm9ds1 ? CreateLsm9ds1(options, device, sleep, clockNs)
                : CreateLsm(options, device, sleep, clockNs);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    internal static Mpu6xxx CreateMpu(HardwareOptions options, I2cDevice device, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        var mpu = new Mpu6xxx(device, shouldDispose: true, sleep, clockNs);
        mpu.AccelerometerRange = options.AccelerometerRangeG switch
        {
            2 => Devices.Mpu6050.AccelerometerRange.Range2G,
            4 => Devices.Mpu6050.AccelerometerRange.Range4G,
            8 => Devices.Mpu6050.AccelerometerRange.Range8G,
            _ => Devices.Mpu6050.AccelerometerRange.Range16G,
        };
        mpu.GyroscopeRange = options.GyroscopeRangeDegreesPerSecond switch
        {
            250 => Devices.Mpu6050.GyroscopeRange.Range250DegreesPerSecond,
            500 => Devices.Mpu6050.GyroscopeRange.Range500DegreesPerSecond,
            1000 => Devices.Mpu6050.GyroscopeRange.Range1000DegreesPerSecond,
            _ => Devices.Mpu6050.GyroscopeRange.Range2000DegreesPerSecond,
        };

        // Sample the chip at about twice the polling rate, so a poll never re-reads an old sample
        // and a sample is at most half a poll period old, and low-pass below half the polling
        // rate so that polling does not alias vibration into the signal.
        mpu.DigitalLowPassFilter = options.ImuRateHz switch
        {
            >= 368 => DigitalLowPassFilter.Bandwidth184Hz,
            >= 188 => DigitalLowPassFilter.Bandwidth94Hz,
            >= 88 => DigitalLowPassFilter.Bandwidth44Hz,
            >= 42 => DigitalLowPassFilter.Bandwidth21Hz,
            >= 20 => DigitalLowPassFilter.Bandwidth10Hz,
            _ => DigitalLowPassFilter.Bandwidth5Hz,
        };
        mpu.SampleRateDivider = (byte)Math.Clamp((int)Math.Floor(1000.0 / (2 * options.ImuRateHz)) - 1, 0, 255);
        return mpu;
    }

    internal static Lsm6dsx CreateLsm(HardwareOptions options, I2cDevice device, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        var lsm = new Lsm6dsx(device, shouldDispose: true, sleep, clockNs);
        lsm.AccelerometerRange = options.AccelerometerRangeG switch
        {
            2 => Devices.Lsm6ds.AccelerometerRange.Range2G,
            4 => Devices.Lsm6ds.AccelerometerRange.Range4G,
            8 => Devices.Lsm6ds.AccelerometerRange.Range8G,
            _ => Devices.Lsm6ds.AccelerometerRange.Range16G,
        };
        lsm.GyroscopeRange = options.GyroscopeRangeDegreesPerSecond switch
        {
            250 => Devices.Lsm6ds.GyroscopeRange.Range250DegreesPerSecond,
            500 => Devices.Lsm6ds.GyroscopeRange.Range500DegreesPerSecond,
            1000 => Devices.Lsm6ds.GyroscopeRange.Range1000DegreesPerSecond,
            _ => Devices.Lsm6ds.GyroscopeRange.Range2000DegreesPerSecond,
        };
        OutputDataRate rate = Lsm6dsx.AtLeast(2 * options.ImuRateHz);
        lsm.AccelerometerDataRate = rate;
        lsm.GyroscopeDataRate = rate;
        return lsm;
    }

    internal static Lsm9ds1Imu CreateLsm9ds1(HardwareOptions options, I2cDevice device, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        var lsm = new Lsm9ds1Imu(device, shouldDispose: true, sleep, clockNs);
        lsm.AccelerometerRange = options.AccelerometerRangeG switch
        {
            2 => Devices.Lsm6ds.AccelerometerRange.Range2G,
            4 => Devices.Lsm6ds.AccelerometerRange.Range4G,
            8 => Devices.Lsm6ds.AccelerometerRange.Range8G,
            _ => Devices.Lsm6ds.AccelerometerRange.Range16G,
        };
        lsm.GyroscopeRange = options.GyroscopeRangeDegreesPerSecond switch
        {
            250 => Lsm9ds1GyroscopeRange.Range245DegreesPerSecond,
            500 => Lsm9ds1GyroscopeRange.Range500DegreesPerSecond,
            _ => Lsm9ds1GyroscopeRange.Range2000DegreesPerSecond,
        };
        lsm.DataRate = Lsm9ds1Imu.AtLeast(2 * options.ImuRateHz);
        return lsm;
    }

    internal static IWheelEncoder CreateEncoder(HardwareOptions options, GpioController gpio, int pinA, int? pinB, Func<long> clockNs)
    {
        var debounce = TimeSpan.FromMicroseconds(options.EncoderDebounceMicroseconds);
        PinMode mode = options.EncoderPullUp ? PinMode.InputPullUp : PinMode.Input;
        return options.IsQuadrature
            ? new QuadratureEncoder(gpio, pinA, pinB!.Value, debounce, mode, shouldDispose: false, clockNs)
            : new PulseEncoder(gpio, pinA, debounce, mode, shouldDispose: false, clockNs);
    }
}
