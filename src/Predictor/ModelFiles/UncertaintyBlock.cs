using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>The uncertainty section of a version 3, 4 or 5 header (see <see cref="ModelFile"/>).</summary>
internal static class UncertaintyBlock
{
    public static void Write(BinaryWriter writer, UncertaintyModel? model, Action<BinaryWriter, string> writeString, uint version)
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

        if (version == 4)
        {
            writer.Write(model.StepDegreesOfFreedom is [var first, ..] ? first : float.PositiveInfinity);
        }
        else if (version >= 5)
        {
            var gaussian = model.StepDegreesOfFreedom.Length == 0;
            for (var k = 0; k < model.BaselineSigma.Length; k++)
            {
                writer.Write(gaussian ? float.PositiveInfinity : model.StepDegreesOfFreedom[k]);
            }
        }
    }

    public static UncertaintyModel? Read(BinaryReader reader, int horizonSteps, Func<BinaryReader, string> readString, uint version)
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
        var coefficients = Floats(reader, horizonSteps * UncertaintyModel.Axes * UncertaintyModel.Inputs);
        var calibration = Floats(reader, 2 * horizonSteps);
        var baseline = Floats(reader, horizonSteps);
        return new UncertaintyModel
        {
            Method = method,
            SpeedFloor = speedFloor,
            TurnFloor = turnFloor,
            PositionSpreadFloor = positionFloor,
            YawSpreadFloor = yawFloor,
            Provenance = provenance,
            Coefficients = coefficients,
            CalibrationScale = calibration,
            BaselineSigma = baseline,
            StepDegreesOfFreedom = version switch
            {
                < 4 => [],
                4 => Enumerable.Repeat(reader.ReadSingle(), horizonSteps).ToArray(),
                _ => Floats(reader, horizonSteps),
            },
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
