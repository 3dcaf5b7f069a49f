namespace LoRASculpt.Core.Scoring;

/// <summary>
/// A score over the seeds of one grid point: the mean, the sample standard deviation (n - 1 in the denominator,
/// the spread a reader compares differences against) and how many seeds it came from. One seed has a spread of 0.
/// </summary>
public readonly record struct ReplicateStatistics(double Mean, double Std, int N)
{
    /// <exception cref="ArgumentException">When there are no values or one is NaN.</exception>
    public static ReplicateStatistics Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A grid point needs at least one scored seed.", nameof(values));
        }

        if (list.Any(double.IsNaN))
        {
            throw new ArgumentException("A seed's score is NaN; its mean is undefined.", nameof(values));
        }

        var mean = list.Average();
        var std = list.Length == 1 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Length - 1));
        return new ReplicateStatistics(mean, std, list.Length);
    }

    /// <summary>
    /// "45.34 ± 1.20 (3)": two decimals, halves rounded away from zero as the results tables and papers print scores;
    /// one seed prints as its score.
    /// </summary>
    public string Format() => N == 1 ? TwoDecimals(Mean) : $"{TwoDecimals(Mean)} ± {TwoDecimals(Std)} ({N})";

    private static string TwoDecimals(double value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
}
