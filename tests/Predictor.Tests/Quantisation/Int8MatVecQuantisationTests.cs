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
        foreach (var (rows, columns) in new[] { (4, 16), (12, 6), (8, 32), (12, 48), (256, 6), (256, 64), (512, 128), (60, 64), (20, 80), (33, 13), (4, 4096) })
        {
            foreach (var extreme in new[] { false, true })
            {
                var matrix = QuantisedMatrix.FromValues(RandomInt8(random, rows * columns, extreme), Enumerable.Repeat(1f, rows).ToArray(), rows, columns);
                var tiled = Pack(matrix);
                var vector = new sbyte[4 * tiled.Quads];
                RandomInt8(random, columns, extreme).CopyTo(vector, 0);
                var result = Multiply(path, tiled, vector);
                for (var r = 0; r < rows; r++)
                {
                    Assert.Equal(ScalarProduct(matrix, r, vector), result[r]);
                }

                Assert.All(result[rows..], value => Assert.Equal(0f, value));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_Epilogue_Multiplies_Then_Adds_Per_Row_As_Scalar_Code_Does(Int8MatVecPath path)
    {
        if (!Int8MatVec.IsSupported(path))
        {
            return;
        }

        var random = new Random(8);
        const int Rows = 96;
        const int Columns = 40;
        var matrix = QuantisedMatrix.FromValues(RandomInt8(random, Rows * Columns, false), Enumerable.Repeat(1f, Rows).ToArray(), Rows, Columns);
        var tiled = Pack(matrix);
        var vector = RandomInt8(random, Columns, false);
        var factors = Enumerable.Range(0, Rows).Select(_ => (float)random.NextDouble() * 1e-3f).ToArray();
        var addends = Enumerable.Range(0, Rows).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var result = new float[Rows];
        Int8MatVec.Multiply(path, tiled, vector, factors, addends, result);
        for (var r = 0; r < Rows; r++)
        {
            Assert.Equal(addends[r] + (factors[r] * ScalarProduct(matrix, r, vector)), result[r]);
        }
    }

    [Fact]
    public void Extreme_Values_Do_Not_Saturate()
    {
        // Every product ±127·127 with one sign: the worst case for vpmaddubsw's int16 pair sums and
        // for the x + 128 operand of vpdpbusd.
        const int Rows = 8;
        const int Columns = 256;
        foreach (var (w, x) in new[] { ((sbyte)-127, (sbyte)-127), ((sbyte)127, (sbyte)-127), ((sbyte)-127, (sbyte)127) })
        {
            var matrix = QuantisedMatrix.FromValues(Enumerable.Repeat(w, Rows * Columns).ToArray(), Enumerable.Repeat(1f, Rows).ToArray(), Rows, Columns);
            var vector = Enumerable.Repeat(x, Columns).ToArray();
            foreach (var path in Enum.GetValues<Int8MatVecPath>().Where(Int8MatVec.IsSupported))
            {
                var result = Multiply(path, Pack(matrix), vector);
                Assert.All(result[..Rows], r => Assert.Equal(w * x * Columns, r));
            }
        }
    }

    [Fact]
    public void Rows_Land_Where_The_Row_Map_Puts_Them()
    {
        var matrix = QuantisedMatrix.FromValues([1, 2, 3, 4, 5, 6], [1f, 1f, 1f], 3, 2);
        var tiled = new Int8TiledMatrix(matrix, Int8MatVec.RowsPerGroup, Int8MatVec.ColumnsPerStep, r => 10 * r);
        var result = Multiply(Int8MatVec.Best, tiled, [1, 1, 0, 0, 0, 0, 0, 0]);
        Assert.Equal([3f, 7f, 11f], [result[0], result[10], result[20]]);
        Assert.Equal(21f, result.Sum()); // and nothing anywhere else
    }

    [Fact]
    public void Short_Operands_And_Unpadded_Shapes_Are_Refused()
    {
        var matrix = QuantisedMatrix.FromValues(new sbyte[5 * 10], new float[5], 5, 10);
        var tiled = Pack(matrix);
        var rows = tiled.PaddedRows;
        Assert.Throws<ArgumentException>(() => Int8MatVec.Multiply(Int8MatVecPath.Scalar, tiled, new sbyte[10], new float[rows], new float[rows], new float[rows]));
        Assert.Throws<ArgumentException>(() => Int8MatVec.Multiply(Int8MatVecPath.Scalar, tiled, new sbyte[16], new float[rows], new float[rows], new float[5]));
        Assert.Throws<ArgumentException>(() => new Int8TiledMatrix(matrix, 20, 12, r => r));
        Assert.Throws<ArgumentException>(() => new Int8TiledMatrix(matrix, 32, 12, r => r));
    }

    [Fact]
    public void Best_Path_Is_Supported()
    {
        Assert.True(Int8MatVec.IsSupported(Int8MatVec.Best));
    }

    private static Int8TiledMatrix Pack(QuantisedMatrix matrix) =>
        new(matrix, Int8MatVec.Pad(matrix.Rows, Int8MatVec.RowsPerGroup), Int8MatVec.Pad(matrix.Columns, Int8MatVec.ColumnsPerStep), r => r);

    /// <summary>M·x with unit factors and zero addends: the exact int32 sums, as floats (exact below 2^24).</summary>
    private static float[] Multiply(Int8MatVecPath path, Int8TiledMatrix tiled, sbyte[] vector)
    {
        var rows = tiled.PaddedRows;
        var result = new float[rows];
        Int8MatVec.Multiply(path, tiled, vector, Enumerable.Repeat(1f, rows).ToArray(), new float[rows], result);
        return result;
    }

    private static int ScalarProduct(QuantisedMatrix matrix, int row, sbyte[] vector)
    {
        var sum = 0;
        for (var k = 0; k < matrix.Columns; k++)
        {
            sum += matrix.Values[(row * matrix.Stride) + k] * vector[k];
        }

        return sum;
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
