using System.Globalization;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Search;

/// <summary>
/// Draws one raw value from a <see cref="ParameterDistribution"/> (W&amp;B's definitions: uniform in [min, max),
/// log_uniform_values as exp of a uniform between the logs of the bounds, q_* rounded to a multiple of q, int_uniform
/// inclusive of both bounds, normal as mu + sigma z), written as <see cref="DrawnValues"/> says.
/// </summary>
public static class DistributionSampler
{
    public static string Draw(ParameterDistribution distribution, SplitMix64 random) => distribution.Kind switch
    {
        DistributionKind.Categorical => Categorical(distribution, random),
        DistributionKind.Uniform => DrawnValues.Number(distribution.Min + (distribution.Max - distribution.Min) * random.NextDouble()),
        DistributionKind.LogUniformValues => DrawnValues.Number(LogUniform(distribution, random)),
        DistributionKind.QUniform => DrawnValues.Quantised(distribution.Min + (distribution.Max - distribution.Min) * random.NextDouble(), distribution.Q),
        DistributionKind.QLogUniformValues => DrawnValues.Quantised(LogUniform(distribution, random), distribution.Q),
        DistributionKind.IntUniform => ((long)distribution.Min + (long)(random.NextDouble() * ((long)distribution.Max - (long)distribution.Min + 1))).ToString(CultureInfo.InvariantCulture),
        DistributionKind.Normal => DrawnValues.Number(distribution.Mu + distribution.Sigma * random.NextGaussian()),
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
}
