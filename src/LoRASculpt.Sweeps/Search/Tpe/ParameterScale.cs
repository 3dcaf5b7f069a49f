using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>
/// The space TPE models a numeric parameter in: the logarithm for the log forms, the value itself otherwise, with
/// bounds widened by half a step for whole and quantised values (so each step gets its share of the density), and
/// mu ± 4 sigma for a normal. <see cref="Write"/> maps a point of that space back to the value a sweep records.
/// </summary>
public sealed record ParameterScale(ParameterDistribution Distribution, double Low, double High)
{
    public static ParameterScale For(ParameterDistribution d) => d.Kind switch
    {
        DistributionKind.Uniform => new(d, d.Min, d.Max),
        DistributionKind.LogUniformValues or DistributionKind.QLogUniformValues => new(d, Math.Log(d.Min), Math.Log(d.Max)),
        DistributionKind.QUniform => new(d, d.Min - d.Q / 2, d.Max + d.Q / 2),
        DistributionKind.IntUniform => new(d, d.Min - 0.5, d.Max + 0.5),
        DistributionKind.Normal => new(d, d.Mu - 4 * d.Sigma, d.Mu + 4 * d.Sigma),
        _ => throw new ArgumentException($"{d.Kind} is not numeric.", nameof(d)),
    };

    private bool IsLog => Distribution.Kind is DistributionKind.LogUniformValues or DistributionKind.QLogUniformValues;

    /// <summary>A recorded value in the model's space, or null when it is not a number (a point from another sweep file).</summary>
    public double? Read(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && (!IsLog || x > 0)
            ? IsLog ? Math.Log(x) : x
            : null;

    public string Write(double x)
    {
        var value = IsLog ? Math.Exp(x) : x;
        return Distribution.Kind switch
        {
            DistributionKind.IntUniform => ((long)Math.Round(Math.Clamp(value, Distribution.Min, Distribution.Max), MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture),
            DistributionKind.QUniform or DistributionKind.QLogUniformValues => DrawnValues.Quantised(Math.Clamp(value, Distribution.Min, Distribution.Max), Distribution.Q),
            _ => DrawnValues.Number(value),
        };
    }
}
