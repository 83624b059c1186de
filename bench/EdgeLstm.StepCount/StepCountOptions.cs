using System.Globalization;

namespace EdgeLstm.StepCount;

/// <summary>
/// The three flags of the step counter, checked with a one-line error naming the flag. The
/// implementations: the bare LSTM step (int8, float), and the whole int8 predictor step as
/// <c>edge-lstm bench</c>'s "int8 path" and "int8 path+unc" rows (int8-path, int8-path-unc).
/// </summary>
internal sealed record StepCountOptions(int Steps, string Implementation, int HiddenSize)
{
    public static StepCountOptions Parse(string[] args)
    {
        int? steps = null;
        var implementation = "int8";
        var hiddenSize = 64;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--steps":
                    steps = Integer(args[i], value, 0, int.MaxValue);
                    break;
                case "--impl":
                    implementation = value is "int8" or "float" or "int8-path" or "int8-path-unc" ? value : throw new ArgumentException($"--impl: '{value}' is not int8, float, int8-path or int8-path-unc");
                    break;
                case "--hidden":
                    hiddenSize = Integer(args[i], value, 1, 4096);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}' (expected --steps N --impl int8|float|int8-path|int8-path-unc --hidden H)");
            }

            i++;
        }

        return new StepCountOptions(steps ?? throw new ArgumentException("--steps N is required"), implementation, hiddenSize);
    }

    private static int Integer(string flag, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{flag}: '{text}' is not an integer in {min}..{max}");
}
