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
        var member = new Option<int>("--member") { Description = "ensemble member to export (ONNX holds one network; the residual of an ensemble is its members' mean)", DefaultValueFactory = _ => 0 };
        var command = new Command("export-onnx", "Export a float model as ONNX (LSTM + Squeeze + Gemm; normalisation and calibrated prior in metadata_props)") { model, output, member };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(output)!;
            var ensemble = ModelLoader.LoadFloatEnsemble(parse.GetValue(model)!);
            var index = parse.GetValue(member);
            if (index < 0 || index >= ensemble.Members.Count)
            {
                throw new ArgumentException($"--member: {index}, the model has members 0 to {ensemble.Members.Count - 1}");
            }

            var floatModel = ensemble.Members[index];
            if (ensemble.Members.Count > 1)
            {
                Console.WriteLine($"exporting member {index} of {ensemble.Members.Count} (metadata edge_lstm.members says so; export each with --member to average them elsewhere)");
            }

            OnnxExporter.Save(path, floatModel);
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length} bytes; opset {OnnxExporter.OpsetVersion}, inputs X (seq, 1, {floatModel.Config.InputSize}), initial_h, initial_c; outputs {OnnxNames.Head} (seq, {floatModel.Config.OutputSize}), Y, Y_h, Y_c)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
