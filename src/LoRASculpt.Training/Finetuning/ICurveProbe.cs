using LoRASculpt.Core.Scoring;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// Scores the model as it is mid-training (adapters attached, in evaluation mode) on a small held-out slice.
/// It must consume no training randomness and leave the model's weights as they were, so a trial with curves
/// trains exactly as one without.
/// </summary>
public interface ICurveProbe
{
    SuiteScore Measure(CancellationToken cancellationToken);
}
