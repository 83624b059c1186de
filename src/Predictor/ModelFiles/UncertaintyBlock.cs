using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>The uncertainty section of a version 3 header (see <see cref="ModelFile"/>).</summary>
internal static class UncertaintyBlock
{
    public static void Write(BinaryWriter writer, UncertaintyModel? model, Action<BinaryWriter, string> writeString)
    {
        if (model is null)
        {
            writer.Write((byte)0);
            return;
        }

        writer.Write((byte)1);
        writer.Write((byte)model.Method);
        writer.Write(model.SpeedFloor);
        writer.Write(model.TurnFloor);
        writer.Write(model.PositionSpreadFloor);
        writer.Write(model.YawSpreadFloor);
        writeString(writer, model.Provenance);
        foreach (var values in new[] { model.Coefficients, model.CalibrationScale, model.BaselineSigma })
        {
            foreach (var v in values)
            {
                writer.Write(v);
            }
        }
    }

    public static UncertaintyModel? Read(BinaryReader reader, int horizonSteps, Func<BinaryReader, string> readString)
    {
        var present = reader.ReadByte();
        if (present == 0)
        {
            return null;
        }

        if (present != 1)
        {
            throw new InvalidDataException($"uncertainty flag is {present}, expected 0 or 1");
        }

        var method = (UncertaintyMethod)reader.ReadByte();
        var speedFloor = reader.ReadSingle();
        var turnFloor = reader.ReadSingle();
        var positionFloor = reader.ReadSingle();
        var yawFloor = reader.ReadSingle();
        var provenance = readString(reader);
        return new UncertaintyModel
        {
            Method = method,
            SpeedFloor = speedFloor,
            TurnFloor = turnFloor,
            PositionSpreadFloor = positionFloor,
            YawSpreadFloor = yawFloor,
            Provenance = provenance,
            Coefficients = Floats(reader, horizonSteps * UncertaintyModel.Axes * UncertaintyModel.Inputs),
            CalibrationScale = Floats(reader, 2 * horizonSteps),
            BaselineSigma = Floats(reader, horizonSteps),
        };
    }

    private static float[] Floats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }
}
