using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

/// <summary>
/// A finished simulated run split by stream, with the truth differentiated numerically from the
/// ground-truth poses (central differences), which is what the tests check the sensors against.
/// </summary>
internal sealed class SimulatedRun
{
    private SimulatedRun(RobotSimulator simulator, List<SensorEvent> events)
    {
        Simulator = simulator;
        Events = events;
        Imu = [.. events.Where(e => e.Kind == SensorEventKind.Imu)];
        Wheels = [.. events.Where(e => e.Kind is SensorEventKind.WheelTicks or SensorEventKind.Odometry)];
        Truth = [.. events.Where(e => e.Kind == SensorEventKind.GroundTruth)];

        int n = Truth.Length;
        TruthTimes = new double[n];
        TruthSpeed = new double[n];
        TruthYawRate = new double[n];
        for (int i = 0; i < n; i++)
        {
            TruthTimes[i] = Truth[i].TimeSeconds;
        }

        // v_i = |p_{i+1} − p_{i−1}| / (t_{i+1} − t_{i−1}); ω_i = wrap(ψ_{i+1} − ψ_{i−1}) / (t_{i+1} − t_{i−1})
        for (int i = 1; i < n - 1; i++)
        {
            double dt = TruthTimes[i + 1] - TruthTimes[i - 1];
            double dx = Truth[i + 1].X - Truth[i - 1].X;
            double dy = Truth[i + 1].Y - Truth[i - 1].Y;
            TruthSpeed[i] = Math.Sqrt((dx * dx) + (dy * dy)) / dt;
            TruthYawRate[i] = Math.IEEERemainder(Truth[i + 1].Yaw - Truth[i - 1].Yaw, 2 * Math.PI) / dt;
        }

        TruthSpeed[0] = TruthSpeed[Math.Min(1, n - 1)];
        TruthSpeed[n - 1] = TruthSpeed[Math.Max(n - 2, 0)];
        TruthYawRate[0] = TruthYawRate[Math.Min(1, n - 1)];
        TruthYawRate[n - 1] = TruthYawRate[Math.Max(n - 2, 0)];
    }

    public RobotSimulator Simulator { get; }

    public List<SensorEvent> Events { get; }

    public SensorEvent[] Imu { get; }

    public SensorEvent[] Wheels { get; }

    public SensorEvent[] Truth { get; }

    public double[] TruthTimes { get; }

    public double[] TruthSpeed { get; }

    public double[] TruthYawRate { get; }

    public static SimulatedRun Of(SimulatorOptions options)
    {
        var simulator = new RobotSimulator(options);
        return new SimulatedRun(simulator, [.. simulator.ReadEvents()]);
    }

    public static SimulatedRun Of(int seed, Kinematics kinematics, double seconds = 120) =>
        Of(new SimulatorOptions { Seed = seed, Kinematics = kinematics, Seconds = seconds });

    /// <summary>Truth speed and yaw rate at any time, linearly interpolated between truth samples.</summary>
    public (double Speed, double YawRate) TruthAt(double time)
    {
        int i = Array.BinarySearch(TruthTimes, time);
        if (i >= 0)
        {
            return (TruthSpeed[i], TruthYawRate[i]);
        }

        i = ~i;
        if (i == 0)
        {
            return (TruthSpeed[0], TruthYawRate[0]);
        }

        if (i >= TruthTimes.Length)
        {
            return (TruthSpeed[^1], TruthYawRate[^1]);
        }

        double f = (time - TruthTimes[i - 1]) / (TruthTimes[i] - TruthTimes[i - 1]);
        return (
            TruthSpeed[i - 1] + (f * (TruthSpeed[i] - TruthSpeed[i - 1])),
            TruthYawRate[i - 1] + (f * (TruthYawRate[i] - TruthYawRate[i - 1])));
    }

    /// <summary>Standstill periods of at least <paramref name="minSeconds"/> after the start-up wait.</summary>
    public int CountStops(double minSeconds = 0.5)
    {
        int stops = 0;
        double stillSince = double.NaN;
        bool counted = false;
        bool leftStart = false;
        for (int i = 0; i < Truth.Length; i++)
        {
            bool still = TruthSpeed[i] < 0.005;
            if (!still)
            {
                leftStart = true;
                stillSince = double.NaN;
                counted = false;
                continue;
            }

            if (double.IsNaN(stillSince))
            {
                stillSince = TruthTimes[i];
            }

            if (leftStart && !counted && TruthTimes[i] - stillSince >= minSeconds)
            {
                stops++;
                counted = true;
            }
        }

        return stops;
    }

    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average();
        double mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
