namespace LoRASculpt.Core.Metrics;

/// <summary>1 when the normalised prediction equals any normalised reference, else 0 (OCR-VQA, IconQA, GQA style).</summary>
public static class ExactMatch
{
    public static double Score(string prediction, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        MetricArguments.RequireReferences(references);
        var normalized = AnswerNormalizer.Normalize(prediction);
        return references.Any(r => AnswerNormalizer.Normalize(r) == normalized) ? 1.0 : 0.0;
    }
}
