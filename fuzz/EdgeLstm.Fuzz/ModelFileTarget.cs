using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Fuzz;

/// <summary>
/// The .elstm loader as the worker uses it (float and int8), then one predictor step: a model
/// that loads must run, since a bad size is to be refused at load, never a crash later.
/// </summary>
internal static class ModelFileTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            var predictor = ModelLoader.LoadPredictor(ScratchFile.Write(".elstm", input));
            var frame = new Frame { Az = 9.81, V = 1.0 };
            predictor.Step(in frame);
            predictor.Step(in frame);
        }
        catch (ModelFormatException)
        {
        }
    }
}
