using System.Text.RegularExpressions;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tests.Shared;
using EdgeLstm.Tools.Onnx;

namespace EdgeLstm.Tools.Tests.Regressions;

/// <summary>
/// Findings of the `onnx` fuzz campaign (issue 14): the exported f1tenth model with one numeric
/// metadata value mutated (step seconds, frame rate, prior tau; the prior speed scale emptied) made
/// `import-onnx` throw a bare FormatException. Each is now a <see cref="ModelFormatException"/> of
/// one line naming the file and the metadata key. The inputs are kept exactly as afl-fuzz saved them.
/// </summary>
public sealed class OnnxMetadataNumberRegressionTests
{
    private static string Input(string name) => Path.Combine(RepoPaths.Root, "tests", "Tools.Tests", "Regressions", name);

    [Theory]
    [InlineData("onnx-metadata-number-a.onnx")]
    [InlineData("onnx-metadata-number-b.onnx")]
    [InlineData("onnx-metadata-number-c.onnx")]
    [InlineData("onnx-metadata-number-empty.onnx")]
    public void A_Numeric_Metadata_Value_That_Is_Not_A_Number_Is_A_One_Line_Model_Format_Error(string name)
    {
        var path = Input(name);

        var error = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(path, new OnnxImportOptions()));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(error.Message, "metadata 'edge_lstm\\.(step_seconds|frame_rate_hz|prior_tau|prior_speed_scale)' is '.*', not a number"), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
    }
}
