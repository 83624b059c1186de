using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// One pass through a simulated run: the truth integrated on a fixed 1 kHz grid, three sensor
/// streams each sampled on its own grid (rate plus a small fixed phase), events merged in time
/// order. The truth between two integration steps is interpolated linearly (the error at 1 ms
/// steps is far below a micrometre). Runs single-threaded from seeded streams, so the same
/// options always give the same events; holds a fixed amount of state however long it runs.
/// </summary>
internal sealed class SimulationRun
{
    // Fixed phases keep the streams apart as in real hardware; ground truth starts the run at t = 0.
    private const long ImuPhaseNs = 250_000;
    private const long WheelPhaseNs = 500_000;
    private const long GroundTruthPhaseNs = 0;

    private readonly VehicleDynamics _dynamics;
    private readonly CoursePlanner _planner;
    private readonly ImuModel _imu;
    private readonly WheelEncoderModel? _encoders;
    private readonly OdometryModel? _odometry;
    private readonly GroundTruthModel _groundTruth;

    private VehicleState _before;
    private VehicleState _now;
    private long _nowNs;

    private SimulationRun(SimulatorOptions options, ImuBias bias)
    {
        GaussianRandom course = RandomStreams.Create(options.Seed, RandomStreams.Course);
        double yaw = course.Uniform(-Math.PI, Math.PI);
        _dynamics = new VehicleDynamics(options, 0, 0, yaw);
        _planner = new CoursePlanner(options, _dynamics.MaxPathCurvature, course);
        _imu = new ImuModel(options, bias, RandomStreams.Create(options.Seed, RandomStreams.ImuNoise));
        GaussianRandom wheels = RandomStreams.Create(options.Seed, RandomStreams.Wheels);
        if (options.Kinematics == Kinematics.Bicycle)
        {
            _odometry = new OdometryModel(options, wheels);
        }
        else
        {
            _encoders = new WheelEncoderModel(options, wheels);
        }

        _groundTruth = new GroundTruthModel(options, RandomStreams.Create(options.Seed, RandomStreams.GroundTruth));
        _now = _dynamics.State;
        _before = _now;
    }

    /// <summary>
    /// The events of a fresh run. The run is created when enumeration starts, so enumerating the
    /// result again replays the same run from t = 0.
    /// </summary>
    public static IEnumerable<SensorEvent> Events(SimulatorOptions options, ImuBias bias, CancellationToken cancellationToken)
    {
        var run = new SimulationRun(options, bias);
        long endNs = options.Seconds is { } seconds ? Time.ToNanos(seconds) : long.MaxValue;
        var imuClock = new SampleClock(options.ImuRateHz, ImuPhaseNs);
        var wheelClock = new SampleClock(options.WheelRateHz, WheelPhaseNs);
        var truthClock = new SampleClock(options.GroundTruthRateHz, GroundTruthPhaseNs);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The earliest due stream goes next; on a tie IMU, then wheels, then ground truth.
            long imuNs = imuClock.NextNs;
            long wheelNs = wheelClock.NextNs;
            long truthNs = truthClock.NextNs;
            long t = Math.Min(imuNs, Math.Min(wheelNs, truthNs));
            if (t > endNs)
            {
                yield break;
            }

            run.AdvanceTo(t);
            double fraction = run._nowNs == 0 ? 1.0 : 1.0 - ((run._nowNs - t) / (double)VehicleDynamics.StepNs);
            VehicleState state = VehicleState.Lerp(run._before, run._now, fraction);

            if (t == imuNs)
            {
                imuClock.Advance();
                yield return run._imu.Sample(t, state);
            }
            else if (t == wheelNs)
            {
                wheelClock.Advance();
                yield return run._odometry is not null
                    ? run._odometry.Sample(t, state)
                    : run._encoders!.Sample(t, fraction);
            }
            else
            {
                truthClock.Advance();
                yield return run._groundTruth.Sample(t, state);
            }
        }
    }

    /// <summary>Integrates whole steps until the latest step ends at or after <paramref name="timeNs"/>.</summary>
    private void AdvanceTo(long timeNs)
    {
        while (_nowNs < timeNs)
        {
            _planner.Update(Time.ToSeconds(_nowNs), _now);
            _dynamics.Step(_planner.TargetSpeed, _planner.Curvature);
            _encoders?.Step(_dynamics.State);
            _odometry?.Step();
            _before = _now;
            _now = _dynamics.State;
            _nowNs += VehicleDynamics.StepNs;
        }
    }
}
