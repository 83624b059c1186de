using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>The guard's run-time settings: the defaults hold, and a setting it cannot use is refused by name.</summary>
public sealed class GuardSettingsTests
{
    [Fact]
    public void The_Defaults_Are_Valid_And_Correct_The_Prior()
    {
        var settings = new GuardSettings();

        settings.Validate();
        Assert.True(settings.CorrectsPrior);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_Correction_Prior_That_Is_Not_A_Positive_Time_Is_Refused(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GuardSettings { CorrectionPriorSeconds = seconds }.Validate());

        Assert.Equal(nameof(GuardSettings.CorrectionPriorSeconds), error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(double.NaN)]
    public void A_Memory_That_Is_Not_A_Positive_Time_Is_Refused(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GuardSettings { MemorySeconds = seconds }.Validate());

        Assert.Equal(nameof(GuardSettings.MemorySeconds), error.ParamName);
    }
}
