namespace LoRASculpt.Core.Metrics;

/// <summary>
/// The VQAv2 accuracy: for each of the n annotator answers, leave it out and score
/// min(#remaining answers equal to the prediction / 3, 1); the accuracy is the mean over the n subsets.
/// Answers are compared after <see cref="AnswerNormalizer"/>.
/// With 10 answers of which k match: k = 0 -> 0, 1 -> 0.3, 2 -> 0.6, 3 -> 0.9, k >= 4 -> 1.
/// <para>
/// Fewer than 10 references: the threshold becomes min(3, n - 1), so unanimous references always score 1
/// (with n = 2 the official threshold of 3 could never be reached). For n >= 4 this is exactly the official
/// formula. With a single reference there is no leave-one-out subset, and the score is 1 when the normalised answers are equal.
/// </para>
/// </summary>
public static class VqaAccuracy
{
    private const int OfficialThreshold = 3;

    public static double Score(string prediction, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        MetricArguments.RequireReferences(references);
        var normalized = AnswerNormalizer.Normalize(prediction);
        if (references.Count == 1)
            return AnswerNormalizer.Normalize(references[0]) == normalized ? 1.0 : 0.0;

        var matches = references.Select(r => AnswerNormalizer.Normalize(r) == normalized).ToArray();
        var totalMatches = matches.Count(m => m);
        double threshold = Math.Min(OfficialThreshold, references.Count - 1);

        var sum = 0.0;
        foreach (var leftOutMatches in matches)
        {
            var inSubset = totalMatches - (leftOutMatches ? 1 : 0);
            sum += Math.Min(inSubset / threshold, 1.0);
        }
        return sum / references.Count;
    }
}
