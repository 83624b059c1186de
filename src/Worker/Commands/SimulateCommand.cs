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
        var command = new Command("simulate", "Write a simulated robot run (IMU, wheels, ground truth) as a replay v1 file") { output, seconds, seed, kinematics };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new SimulatorOptions
            {
                Seed = parse.GetValue(seed),
                Seconds = parse.GetValue(seconds),
                Kinematics = parse.GetValue(kinematics) == "bicycle" ? Kinematics.Bicycle : Kinematics.Differential,
            };
            SimulationFile.Write(parse.GetValue(output)!, options);
            Console.WriteLine($"wrote {parse.GetValue(output)} ({options.Seconds} s, seed {options.Seed}, {parse.GetValue(kinematics)})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
