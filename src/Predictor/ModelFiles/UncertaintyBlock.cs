using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>The uncertainty section of a version 3 to 7 header (see <see cref="ModelFile"/>).</summary>
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
        if (version >= 6)
        {
            writer.Write(model.ActivityWindowSeconds);
            writer.Write(model.SpeedActivityFloor);
            writer.Write(model.TurnActivityFloor);
        }

        // Before version 6, θ has no activity inputs (ModelFile refuses a model that uses them).
        var inputs = version >= 6 ? UncertaintyModel.Inputs : UncertaintyModel.InputsWithoutActivity;
        for (var i = 0; i < model.Coefficients.Length; i++)
        {
            if (i % UncertaintyModel.Inputs < inputs)
            {
                writer.Write(model.Coefficients[i]);
            }
        }

        foreach (var values in new[] { model.CalibrationScale, model.BaselineSigma })
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

        if (version >= 7)
        {
            var gaussian = model.YawDegreesOfFreedom.Length == 0;
            for (var k = 0; k < model.BaselineSigma.Length; k++)
            {
                writer.Write(gaussian ? float.PositiveInfinity : model.YawDegreesOfFreedom[k]);
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
        var (window, speedActivityFloor, turnActivityFloor) = version >= 6
            ? (reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle())
            : (UncertaintyModel.DefaultActivityWindowSeconds, UncertaintyModel.DefaultActivityFloor, UncertaintyModel.DefaultActivityFloor);
        var rows = horizonSteps * UncertaintyModel.Axes;
        var coefficients = version >= 6
            ? Floats(reader, rows * UncertaintyModel.Inputs)
            : UncertaintyModel.WithoutActivity(Floats(reader, rows * UncertaintyModel.InputsWithoutActivity));
        var calibration = Floats(reader, 2 * horizonSteps);
        var baseline = Floats(reader, horizonSteps);
        var degreesOfFreedom = version switch
        {
            < 4 => [],
            4 => Enumerable.Repeat(reader.ReadSingle(), horizonSteps).ToArray(),
            _ => Floats(reader, horizonSteps),
        };
        var yawDegreesOfFreedom = version >= 7 ? Floats(reader, horizonSteps) : [];
        return new UncertaintyModel
        {
            Method = method,
            SpeedFloor = speedFloor,
            TurnFloor = turnFloor,
            PositionSpreadFloor = positionFloor,
            YawSpreadFloor = yawFloor,
            ActivityWindowSeconds = window,
            SpeedActivityFloor = speedActivityFloor,
            TurnActivityFloor = turnActivityFloor,
            Provenance = provenance,
            Coefficients = coefficients,
            CalibrationScale = calibration,
            BaselineSigma = baseline,
            StepDegreesOfFreedom = degreesOfFreedom,
            YawDegreesOfFreedom = yawDegreesOfFreedom,
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
