using System.Device.Gpio;
using System.Numerics;
using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Sensors.Tests.Devices.Simulation;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.EndToEnd.Tests.Hardware;

/// <summary>
/// A robot on a bench that believes it is driving: the robot simulator's motion, in real time,
/// sets the true acceleration and turn rate of a simulated MPU-6050 register map and turns two
/// simulated quadrature encoders edge by edge; the real drivers read them through
/// <see cref="HardwareSensorSource"/> as they would on a Raspberry Pi.
/// </summary>
internal sealed class SimulatedRobotRig : IDisposable
{
    private const int LeftA = 17, LeftB = 27, RightA = 22, RightB = 23;

    private readonly SimulatedGpioDriver _gpioDriver = new();
    private readonly GpioController _gpio;
    private readonly RobotSimulator _simulator;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _motion;

    public SimulatedRobotRig(int seed)
    {
        _gpio = new GpioController(_gpioDriver);
        // Wheel samples at 200 Hz so the edges arrive in small bursts, closer to a wheel's steady stream.
        _simulator = new RobotSimulator(new SimulatorOptions { Seed = seed, WheelRateHz = 200 });
        var options = new HardwareOptions
        {
            ImuType = "mpu6050",
            ImuRateHz = 100,
            EncoderType = "quadrature",
            LeftEncoderPinA = LeftA,
            LeftEncoderPinB = LeftB,
            RightEncoderPinA = RightA,
            RightEncoderPinB = RightB,
            TicksPerMeter = _simulator.Options.TicksPerMeter,
            TrackWidthMeters = _simulator.Options.TrackWidthMeters,
            EncoderRateHz = 50,
        };
        Source = new HardwareSensorSource(options, () => Chip, _gpio);
    }

    public SimulatedMpu6xxx Chip { get; } = new() { NoiseLsb = 2 };

    public HardwareSensorSource Source { get; }

    /// <summary>The simulated robot's speed now (m/s), from its latest wheel sample.</summary>
    public double TrueSpeed { get; private set; }

    /// <summary>Starts driving: the simulator's events, paced in real time, move the chip and the wheels.</summary>
    public void Drive()
    {
        _motion = new Thread(Move) { IsBackground = true, Name = "simulated robot motion" };
        _motion.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _motion?.Join();
        Source.Dispose();
        _gpio.Dispose();
        _stop.Dispose();
    }

    // On a thread of its own: an exception left here would crash the test host, so the cancellation
    // Dispose asks for (the simulator's enumerator throws it) ends the motion quietly.
    private void Move()
    {
        try
        {
            MoveUntilStopped();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private void MoveUntilStopped()
    {
        var left = new QuadratureSignal(_gpioDriver, LeftA, LeftB);
        var right = new QuadratureSignal(_gpioDriver, RightA, RightB);
        long ticksLeft = 0, ticksRight = 0, lastNs = 0;
        var ticksPerMeter = _simulator.Options.TicksPerMeter;
        foreach (var e in PacedEvents.Pace(_simulator.ReadEvents(_stop.Token), ReplaySpeed.RealTime, _stop.Token))
        {
            switch (e.Kind)
            {
                case SensorEventKind.Imu:
                    // Mounted x-forward-z-up: sensor axes are body axes, gravity included.
                    Chip.Acceleration = new Vector3((float)e.Ax, (float)e.Ay, (float)e.Az);
                    Chip.AngularVelocity = new Vector3((float)e.Gx, (float)e.Gy, (float)e.Gz);
                    break;
                case SensorEventKind.WheelTicks:
                    // One edge a tick (x4 decoding), delivered as the kernel would, one callback an edge.
                    left.Move((int)(e.TicksLeft - ticksLeft));
                    right.Move((int)(e.TicksRight - ticksRight));
                    var seconds = (e.TimestampNs - lastNs) / 1e9;
                    if (seconds > 0)
                    {
                        TrueSpeed = (e.TicksLeft - ticksLeft + e.TicksRight - ticksRight) / 2.0 / ticksPerMeter / seconds;
                    }

                    ticksLeft = e.TicksLeft;
                    ticksRight = e.TicksRight;
                    lastNs = e.TimestampNs;
                    break;
                default:
                    break;
            }
        }
    }
}
