using EdgeLstm.Predictor.Quantisation;



namespace EdgeLstm.Predictor.Tests.Quantisation;

public sealed class Int8MatVecQuantisationTests
{
    public static TheoryData<Int8MatVecPath> Paths()
    {
        var data = new TheoryData<Int8MatVecPath>();
        foreach (var path in Enum.GetValues<Int8MatVecPath>())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_Supported_Path_Equals_The_Scalar_Int32_Reference(Int8MatVecPath path)
    {
        if (!Int8MatVec.IsSupported(path))
        {
            // Not runnable on this CPU (e.g. ARM paths on x64); the report lists which ran.
            return;
        }

        var random = new Random(7);
        foreach (var (rows, stride) in new[] { (4, 16), (12, 16), (8, 32), (12, 48), (256, 16), (256, 64), (512, 128), (60, 64), (20, 80), (4, 4096) })
        {
            foreach (var extreme in new[] { false, true })
            {
                var matrix = RandomInt8(random, rows * stride, extreme);
                var vector = RandomInt8(random, stride, extreme);
                var expected = new int[rows];
                var actual = new int[rows];
                Int8MatVec.MultiplyScalar(matrix, rows, stride, vector, expected);
                Int8MatVec.Multiply(path, matrix, rows, stride, vector, actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Extreme_Values_Do_Not_Saturate()
    {
        // Every product ±127·127 with one sign: the worst case for vpmaddubsw's int16 pair sums.
        const int Rows = 8;
        const int Stride = 256;
        var matrix = Enumerable.Repeat((sbyte)-127, Rows * Stride).ToArray();
        var vector = Enumerable.Repeat((sbyte)-127, Stride).ToArray();
        var result = new int[Rows];
        foreach (var path in Enum.GetValues<Int8MatVecPath>().Where(Int8MatVec.IsSupported))
        {
            Int8MatVec.Multiply(path, matrix, Rows, Stride, vector, result);
            Assert.All(result, r => Assert.Equal(127 * 127 * Stride, r));
        }
    }

    [Fact]
    public void Unpadded_Shapes_Are_Refused()
    {
        var result = new int[5];
        Assert.Throws<ArgumentException>(() => Int8MatVec.Multiply(Int8MatVecPath.Scalar, new sbyte[5 * 16], 5, 16, new sbyte[16], result));
        Assert.Throws<ArgumentException>(() => Int8MatVec.Multiply(Int8MatVecPath.Scalar, new sbyte[4 * 10], 4, 10, new sbyte[10], result));
    }

    [Fact]
    public void Best_Path_Is_Supported()
    {
        Assert.True(Int8MatVec.IsSupported(Int8MatVec.Best));
    }

    private static sbyte[] RandomInt8(Random random, int length, bool extreme)
    {
        var values = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = extreme ? (random.Next(2) == 0 ? (sbyte)-127 : (sbyte)127) : (sbyte)random.Next(-127, 128);
        }

        return values;
    }
}
