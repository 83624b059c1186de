using System.CommandLine;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Worker.Commands;

/// <summary><c>edge-lstm simulate</c>: a seeded, headless robot run written as a replay file.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "replay file to write (.csv or .csv.gz)", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "duration", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, byte-identical file)", DefaultValueFactory = _ => 1 };
        var kinematics = new Option<string>("--kinematics") { Description = "diff (wheel encoders) or bicycle (car-like, motor-controller odometry)", DefaultValueFactory = _ => "diff" };
        kinematics.AcceptOnlyFromAmong("diff", "bicycle");
        var rate = new Option<double?>("--rate") { Description = "sensor rate (Hz) of the IMU and the wheels/odometry (default 100 and 50)" };
        var maxSpeed = new Option<double?>("--max-speed") { Description = "top speed, m/s (default 1.0 diff, 2.5 bicycle)" };
        var noImu = new Option<bool>("--no-imu") { Description = "write no IMU columns (a robot with wheel odometry only)" };
        var command = new Command("simulate", "Write a simulated robot run (IMU, wheels, ground truth) as a replay v1 file") { output, seconds, seed, kinematics, rate, maxSpeed, noImu };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new SimulatorOptions
            {
                Seed = parse.GetValue(seed),
                Seconds = parse.GetValue(seconds),
                Kinematics = parse.GetValue(kinematics) == "bicycle" ? Kinematics.Bicycle : Kinematics.Differential,
                MaxSpeed = parse.GetValue(maxSpeed),
            };
            if (parse.GetValue(rate) is { } hz)
            {
                options = options with { ImuRateHz = hz, WheelRateHz = hz };
            }

            SimulationFile.Write(parse.GetValue(output)!, options, withImu: !parse.GetValue(noImu));
            Console.WriteLine($"wrote {parse.GetValue(output)} ({options.Seconds} s, seed {options.Seed}, {parse.GetValue(kinematics)})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
