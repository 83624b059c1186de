using EdgeLstm.Tools.Commands;

namespace EdgeLstm.Tools.Tests.Regressions;

/// <summary>
/// eval's guard line printed a mean rotation of −0.0001 rad as "-+0.000" (seen on the held-out
/// simulated seeds): a signed figure that rounds to zero is "+0.000", the rest keep their sign.
/// </summary>
public sealed class SignedFigureRegressionTests
{
    [Theory]
    [InlineData(-0.0001, "+0.000")]
    [InlineData(-0.0, "+0.000")]
    [InlineData(0.0004, "+0.000")]
    [InlineData(0.0584, "+0.058")]
    [InlineData(-0.0072, "-0.007")]
    public void A_Signed_Figure_Has_One_Sign(double value, string printed) => Assert.Equal(printed, EvalCommand.Signed(value));
}
