using System.Buffers.Binary;
using System.IO.Hashing;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Fuzz;

/// <summary>
/// The .elstm loader as the worker uses it (float and int8), then one predictor step: a model
/// that loads must run, since a bad size is to be refused at load, never a crash later. The
/// CRC-32 trailer is recomputed over every mutated input that is long enough (the checksum test
/// itself is one comparison), otherwise nearly every mutation would stop there and the header and
/// tensor parsing behind it would go unexplored.
/// </summary>
internal static class ModelFileTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            if (input.Length > 16)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(input.Length - 4), Crc32.HashToUInt32(input.AsSpan(0, input.Length - 4)));
            }

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
