using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;

namespace EdgeLstm.Predictor.Tests.Regressions;

/// <summary>
/// Findings of the `elstm` fuzz target (issue 14), kept as found except for the CRC-32 trailer,
/// recomputed as the fuzz target does so the bytes reach the parser. Each must be refused at load
/// with a one-line <see cref="ModelFormatException"/> naming the file and what is wrong, never an
/// overflow, an argument error from deep inside, or a huge allocation.
/// </summary>
public sealed class ModelFileFuzzRegressionTests
{
    private static string Input(string name) => Path.Combine(AppContext.BaseDirectory, "Regressions", name);

    [Theory]
    [InlineData("tensor-shape-overflow.elstm", "more than the file holds")]
    [InlineData("tensor-bytes-overflow.elstm", "more than the file holds")]
    [InlineData("unknown-feature.elstm", "unknown feature")]
    [InlineData("guard-history-overflow.elstm", "frames a step")]
    public void A_Fuzzed_Model_File_Is_Refused_With_One_Line_Naming_The_File(string file, string what)
    {
        var path = Input(file);

        var error = Assert.Throws<ModelFormatException>(() => ModelLoader.LoadPredictor(path));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(what, StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_Horizon_Whose_Guard_History_Would_Need_Gigabytes_Is_Refused_At_Validation()
    {
        // 1000 steps of 10 s at 50 Hz: 500 frames a step, a guard history of 1.5 billion values.
        var config = new ModelConfig
        {
            Name = "huge",
            HiddenSize = 4,
            HorizonSteps = 1000,
            StepSeconds = 10,
            Features = [new FeatureSpec("v", 0, 1)],
            OutputScale = new float[3000],
        };

        var error = Assert.Throws<ArgumentException>(config.Validate);

        Assert.Contains("guard values", error.Message, StringComparison.Ordinal);
    }
}
