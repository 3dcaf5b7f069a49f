namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The loss became NaN or infinite. Deterministic: rerunning the same trial fails the same way, so
/// orchestrators must not retry it.
/// </summary>
public sealed class NonFiniteLossException(int step, IReadOnlyDictionary<string, double> lossTerms)
    : Exception($"Loss is not finite at step {step}: {string.Join(", ", lossTerms.Select(t => $"{t.Key}={t.Value}"))}.")
{
    public int Step { get; } = step;

    public IReadOnlyDictionary<string, double> LossTerms { get; } = lossTerms;
}
