using System.Globalization;

namespace EdgeLstm.Tools.Commands;

/// <summary>
/// A figure printed with its sign ("+0.012", "-0.4 %"), for differences and corrections. Rounded
/// before formatting: a two-section format alone printed −0.0001 as "-+0.000" (the negative section
/// picked by the sign, then the rounded zero written with the positive one), so a figure that rounds
/// to zero is "+0.000" here, and adding +0 turns a rounded −0 into +0.
/// </summary>
internal static class SignedFigure
{
    /// <summary>x with its sign and <paramref name="decimals"/> decimals.</summary>
    public static string Format(double x, int decimals)
    {
        var digits = new string('0', decimals);
        var pattern = decimals > 0 ? $"+0.{digits};-0.{digits}" : "+0;-0";
        return (Math.Round(x, decimals) + 0.0).ToString(pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction as a signed percentage with one decimal: 0.0123 is "+1.2%".</summary>
    public static string Percent(double fraction) => Format(100 * fraction, 1) + "%";
}
