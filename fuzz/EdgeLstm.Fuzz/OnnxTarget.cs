using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Tools.Onnx;

namespace EdgeLstm.Fuzz;

/// <summary>`edge-lstm import-onnx`: the protobuf, the importer's checks, then one predictor step.</summary>
internal static class OnnxTarget
{
    private static readonly OnnxImportOptions Options = new();

    public static void Run(byte[] input)
    {
        try
        {
            var model = OnnxImporter.Load(ScratchFile.Write(".onnx", input), Options);
            var predictor = new PathPredictor(model);
            var frame = new Frame { Az = 9.81, V = 1.0 };
            predictor.Step(in frame);
        }
        catch (ModelFormatException)
        {
        }
    }
}
