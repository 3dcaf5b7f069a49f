namespace LoRASculpt.Core.Metrics;

/// <summary>The tf-idf weights of one caption's n-grams, per n, with their Euclidean norms.</summary>
internal sealed class TfIdfVector
{
    private readonly Dictionary<string, double>[] _weights;
    private readonly double[] _norms;
    private readonly int _length;

    private TfIdfVector(Dictionary<string, double>[] weights, double[] norms, int length)
    {
        _weights = weights;
        _norms = norms;
        _length = length;
    }

    public static TfIdfVector Of(NGramCounts counts, IReadOnlyDictionary<string, int> documentFrequency, double logImageCount)
    {
        var weights = new Dictionary<string, double>[CiderD.MaxN];
        var norms = new double[CiderD.MaxN];
        for (var n = 0; n < CiderD.MaxN; n++)
        {
            weights[n] = new Dictionary<string, double>(StringComparer.Ordinal);
            var squared = 0.0;
            foreach (var (gram, termFrequency) in counts.All[n])
            {
                var logDf = Math.Log(Math.Max(1.0, documentFrequency.GetValueOrDefault(gram)));
                var weight = termFrequency * (logImageCount - logDf);
                weights[n][gram] = weight;
                squared += weight * weight;
            }
            norms[n] = Math.Sqrt(squared);
        }
        return new TfIdfVector(weights, norms, counts.BigramCount);
    }

    /// <summary>Clipped cosine similarity per n with the Gaussian length penalty (cider_scorer.py's sim()).</summary>
    public double[] Similarity(TfIdfVector reference, double sigma)
    {
        var delta = (double)(_length - reference._length);
        var penalty = Math.Exp(-(delta * delta) / (2 * sigma * sigma));
        var result = new double[CiderD.MaxN];
        for (var n = 0; n < CiderD.MaxN; n++)
        {
            var value = 0.0;
            foreach (var (gram, weight) in _weights[n])
            {
                var referenceWeight = reference._weights[n].GetValueOrDefault(gram);
                value += Math.Min(weight, referenceWeight) * referenceWeight;
            }
            if (_norms[n] != 0 && reference._norms[n] != 0)
                value /= _norms[n] * reference._norms[n];
            result[n] = value * penalty;
        }
        return result;
    }
}
