using System.Globalization;

namespace LoRASculpt.Sweeps.Search;

/// <summary>
/// How a drawn number is written, by every sampler alike: continuous values keep four significant digits (so a table
/// shows 0.0001235 rather than seventeen digits, and trial ids do not hang on a float's last bit); quantised values are
/// whole multiples of q.
/// </summary>
public static class DrawnValues
{
    public const int SignificantDigits = 4;

    public static string Quantised(double value, double q)
    {
        var steps = Math.Round(value / q, MidpointRounding.AwayFromZero);
        // A whole q gives whole values; otherwise round away float noise (0.1 * 3 = 0.30000000000000004).
        return q == Math.Floor(q)
            ? ((long)(steps * q)).ToString(CultureInfo.InvariantCulture)
            : Math.Round(steps * q, 12).ToString("R", CultureInfo.InvariantCulture);
    }

    public static string Number(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var scale = Math.Pow(10, SignificantDigits - 1 - magnitude);
        return (Math.Round(value * scale) / scale).ToString("R", CultureInfo.InvariantCulture);
    }
}
