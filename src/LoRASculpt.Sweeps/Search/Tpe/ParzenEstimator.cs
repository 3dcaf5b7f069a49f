namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>
/// A density over [low, high] made of one truncated normal per observation plus a broad prior kernel, as in
/// Bergstra et al.'s TPE and Optuna's univariate estimator: each kernel's width is the larger gap to its neighbours
/// (sorted), clipped to [(high - low) / min(100, 1 + kernels), high - low]; the prior sits at the centre with width
/// high - low; all kernels weigh the same.
/// </summary>
public sealed class ParzenEstimator
{
    private readonly double _low;
    private readonly double _high;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _logMass;

    public ParzenEstimator(IReadOnlyList<double> observations, double low, double high)
    {
        _low = low;
        _high = high;
        var range = high - low;
        var mus = observations.Select(x => Math.Clamp(x, low, high)).Append((low + high) / 2).ToArray();
        var prior = mus.Length - 1;
        var order = Enumerable.Range(0, mus.Length).OrderBy(i => mus[i]).ThenBy(i => i).ToArray();
        var sigmas = new double[mus.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var left = k > 0 ? mus[order[k]] - mus[order[k - 1]] : double.NegativeInfinity;
            var right = k < order.Length - 1 ? mus[order[k + 1]] - mus[order[k]] : double.NegativeInfinity;
            sigmas[order[k]] = Math.Max(left, right);
        }

        var minSigma = range / Math.Min(100.0, 1.0 + mus.Length);
        for (var i = 0; i < sigmas.Length; i++)
        {
            sigmas[i] = i == prior ? range : Math.Clamp(double.IsFinite(sigmas[i]) ? sigmas[i] : range, minSigma, range);
        }

        _mus = mus;
        _sigmas = sigmas;
        _logMass = [.. mus.Select((mu, i) => Math.Log(Math.Max(1e-300,
            StandardNormal.Cdf((high - mu) / sigmas[i]) - StandardNormal.Cdf((low - mu) / sigmas[i]))))];
    }

    public double Sample(SplitMix64 random)
    {
        var i = (int)(random.NextDouble() * _mus.Length);
        for (var tries = 0; tries < 100; tries++)
        {
            var x = _mus[i] + _sigmas[i] * random.NextGaussian();
            if (x >= _low && x <= _high)
            {
                return x;
            }
        }

        return Math.Clamp(_mus[i], _low, _high);
    }

    public double LogPdf(double x)
    {
        // log of the mean of the kernels' densities, summed stably.
        var terms = new double[_mus.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            var z = (x - _mus[i]) / _sigmas[i];
            terms[i] = StandardNormal.LogPdf(z) - Math.Log(_sigmas[i]) - _logMass[i];
        }

        var max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max))) - Math.Log(terms.Length);
    }
}
