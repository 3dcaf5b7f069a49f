namespace LoRASculpt.Core.Metrics;

/// <summary>One image's candidate caption and its reference captions.</summary>
public sealed record CaptionExample(string Candidate, IReadOnlyList<string> References);

/// <summary>Corpus CIDEr-D (mean over images) and the per-image scores, on coco-caption's raw scale.</summary>
public sealed record CiderDScore(double Corpus, IReadOnlyList<double> PerImage);

/// <summary>
/// CIDEr-D (Vedantam et al. 2015) exactly as coco-caption's cider_scorer.py computes it, on its raw scale
/// (published COCO numbers such as "110" are this value x100; <see cref="Scoring.TaskScorer"/> does that).
/// <list type="bullet">
/// <item>n-grams n = 1..4 of <see cref="CaptionTokenizer"/> tokens;</item>
/// <item>document frequency df(g) = number of images whose references contain g, over the scored set, so the
///   score is corpus-level; weight of g = tf(g) * (log(#images) - log(max(1, df(g))));</item>
/// <item>per n, similarity = sum over candidate n-grams of min(w_cand, w_ref) * w_ref (clipping) divided by
///   |w_cand| * |w_ref| (skipped when either norm is 0), times exp(-(len_cand - len_ref)^2 / (2 * 6^2));</item>
/// <item>lengths are counted as cider_scorer.py does: the number of bigrams (words - 1, floored at 0);</item>
/// <item>image score = 10 * mean over n of the mean over references; corpus score = mean over images.</item>
/// </list>
/// Consequences worth knowing: a corpus of one image scores 0 (log 1 = 0); an identical candidate with fewer
/// than four words scores below 10 because its missing higher-order n-grams contribute 0.
/// </summary>
public static class CiderD
{
    public const int MaxN = 4;
    public const double Sigma = 6.0;

    public static CiderDScore Compute(IReadOnlyList<CaptionExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            throw new ArgumentException("CIDEr-D needs at least one image.", nameof(examples));

        var references = new List<NGramCounts[]>(examples.Count);
        foreach (var example in examples)
        {
            ArgumentNullException.ThrowIfNull(example);
            ArgumentNullException.ThrowIfNull(example.Candidate);
            MetricArguments.RequireReferences(example.References);
            references.Add(example.References.Select(NGramCounts.Of).ToArray());
        }

        var documentFrequency = DocumentFrequency(references);
        var logImageCount = Math.Log(examples.Count);
        var perImage = new double[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            var candidate = TfIdfVector.Of(NGramCounts.Of(examples[i].Candidate), documentFrequency, logImageCount);
            var perN = new double[MaxN];
            foreach (var reference in references[i])
            {
                var referenceVector = TfIdfVector.Of(reference, documentFrequency, logImageCount);
                var similarity = candidate.Similarity(referenceVector, Sigma);
                for (var n = 0; n < MaxN; n++)
                    perN[n] += similarity[n];
            }
            perImage[i] = perN.Average() / references[i].Length * 10.0;
        }
        return new CiderDScore(perImage.Average(), perImage);
    }

    private static Dictionary<string, int> DocumentFrequency(List<NGramCounts[]> references)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var imageReferences in references)
        {
            var seen = new HashSet<string>(imageReferences.SelectMany(r => r.All.SelectMany(level => level.Keys)), StringComparer.Ordinal);
            foreach (var gram in seen)
                frequency[gram] = frequency.GetValueOrDefault(gram) + 1;
        }
        return frequency;
    }
}
