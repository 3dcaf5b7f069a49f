using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Search;

/// <summary>
/// Draws one raw value from a <see cref="ParameterDistribution"/> (W&amp;B's definitions: uniform in [min, max),
/// log_uniform_values as exp of a uniform between the logs of the bounds, q_* rounded to a multiple of q, int_uniform
/// inclusive of both bounds, normal as mu + sigma z). Continuous draws keep four significant digits, so a table shows
/// 0.0001235 rather than seventeen digits and trial ids do not depend on the last bit of a float.
/// </summary>
public static class DistributionSampler
{
    public const int SignificantDigits = 4;

    public static string Draw(ParameterDistribution distribution, SplitMix64 random) => distribution.Kind switch
    {
        DistributionKind.Categorical => Categorical(distribution, random),
        DistributionKind.Uniform => Number(distribution.Min + (distribution.Max - distribution.Min) * random.NextDouble()),
        DistributionKind.LogUniformValues => Number(LogUniform(distribution, random)),
        DistributionKind.QUniform => Quantised(distribution.Min + (distribution.Max - distribution.Min) * random.NextDouble(), distribution.Q),
        DistributionKind.QLogUniformValues => Quantised(LogUniform(distribution, random), distribution.Q),
        DistributionKind.IntUniform => ((long)distribution.Min + (long)(random.NextDouble() * ((long)distribution.Max - (long)distribution.Min + 1))).ToString(CultureInfo.InvariantCulture),
        DistributionKind.Normal => Number(distribution.Mu + distribution.Sigma * random.NextGaussian()),
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution.Kind, "Unknown distribution."),
    };

    private static string Categorical(ParameterDistribution distribution, SplitMix64 random)
    {
        var u = random.NextDouble();
        if (distribution.Probabilities.IsDefaultOrEmpty)
        {
            return distribution.Values[(int)(u * distribution.Values.Length)];
        }

        var cumulative = 0.0;
        for (var i = 0; i < distribution.Values.Length; i++)
        {
            cumulative += distribution.Probabilities[i];
            if (u < cumulative)
            {
                return distribution.Values[i];
            }
        }

        return distribution.Values[^1]; // rounding left the sum a hair under 1
    }

    private static double LogUniform(ParameterDistribution d, SplitMix64 random) =>
        Math.Exp(Math.Log(d.Min) + (Math.Log(d.Max) - Math.Log(d.Min)) * random.NextDouble());

    private static string Quantised(double value, double q)
    {
        var steps = Math.Round(value / q, MidpointRounding.AwayFromZero);
        // A whole q gives whole values; otherwise round away float noise (0.1 * 3 = 0.30000000000000004).
        return q == Math.Floor(q)
            ? ((long)(steps * q)).ToString(CultureInfo.InvariantCulture)
            : Math.Round(steps * q, 12).ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Number(double value)
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
