using System.CommandLine;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Tools.Onnx;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm export-onnx MODEL OUT.onnx</c>: the float model as a standard ONNX LSTM graph.</summary>
public static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "float32 model file (.elstm)" };
        var output = new Argument<string>("out") { Description = "ONNX file to write" };
        var command = new Command("export-onnx", "Export a float model as ONNX (LSTM + Squeeze + Gemm; normalisation in metadata_props)") { model, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(output)!;
            var floatModel = ModelLoader.LoadFloat(parse.GetValue(model)!);
            OnnxExporter.Save(path, floatModel);
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length} bytes; opset {OnnxExporter.OpsetVersion}, inputs X (seq, 1, {floatModel.Config.InputSize}), initial_h, initial_c; outputs {OnnxNames.Head} (seq, {floatModel.Config.OutputSize}), Y, Y_h, Y_c)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
