namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>TPE's estimator for a choice: each value's share of the observations, with a prior weight of 1 spread evenly.</summary>
public sealed class CategoricalEstimator
{
    private readonly double[] _probabilities;

    public CategoricalEstimator(IReadOnlyList<int> observations, int choices)
    {
        var counts = new double[choices];
        foreach (var index in observations)
        {
            counts[index] += 1;
        }

        _probabilities = [.. counts.Select(c => (c + 1.0 / choices) / (observations.Count + 1.0))];
    }

    public int Sample(SplitMix64 random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < _probabilities.Length; i++)
        {
            cumulative += _probabilities[i];
            if (u < cumulative)
            {
                return i;
            }
        }

        return _probabilities.Length - 1;
    }

    public double LogPdf(int index) => Math.Log(_probabilities[index]);
}
