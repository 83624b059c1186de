using EdgeLstm.Predictor.Loading;
using EdgeLstm.Sensors.Frames;

// Any .elstm file, float or int8: the file says which kernel steps it.
var predictor = ModelLoader.LoadPredictor(args.Length > 0 ? args[0] : ModelLoader.DefaultModelPath());
var model = predictor.Config;

// Two seconds of frames at the model's rate: 1 m/s forward, turning left at 0.5 rad/s.
var frame = new Frame { V = 1.0, W = 0.5, Gz = 0.5, Az = 9.81 };
for (var i = 0; i < 2 * model.FrameRateHz; i++)
{
    frame.Index = i;
    frame.TimestampNs = (long)(i * 1e9 / model.FrameRateHz);
    predictor.Step(in frame); // one LSTM step, no allocation
}

// K poses (x, y, yaw) relative to the robot, every StepSeconds; the last is the horizon's end.
var end = predictor.BodyPath.AsSpan(predictor.BodyPath.Length - 3);
Console.WriteLine($"{model.Name}: after {model.HorizonSeconds} s at x {end[0]:F2} m, y {end[1]:F2} m, yaw {end[2]:F2} rad");
