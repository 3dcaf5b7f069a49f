using System.Globalization;

namespace LoRASculpt.Reporting;

/// <summary>Culture-invariant number text: 2 decimals for people (tables, Markdown), round-trip for machines (CSV, JSON).</summary>
internal static class ResultFormat
{
    public const string NotApplicable = "—";

    /// <summary>Two decimals, halves rounded away from zero as papers do (74.125 -> "74.13"; "F2" alone gives "74.12").</summary>
    public static string Score(double value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("F2", CultureInfo.InvariantCulture);

    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan duration) => Exact(duration.TotalSeconds);

    /// <summary>A canonical swept value as people read it: "1E-05" becomes "1e-05", everything else is unchanged.</summary>
    public static string Display(string canonical) =>
        canonical.Contains('E') && double.TryParse(canonical, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? canonical.Replace('E', 'e')
            : canonical;
}
