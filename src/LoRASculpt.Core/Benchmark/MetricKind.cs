namespace LoRASculpt.Core.Benchmark;

/// <summary>How a task's answers are scored (all reported on a 0-100 scale).</summary>
public enum MetricKind
{
    /// <summary>Normalised answer equals one reference (OCR-VQA, IconQA style).</summary>
    ExactMatch,
    /// <summary>min(#matching annotator answers / 3, 1), averaged over the 10-choose-9 subsets (VQAv2 style).</summary>
    VqaAccuracy,
    /// <summary>CIDEr-D over the whole dataset (COCO captions style), x100.</summary>
    CiderD,
}
