namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The learning-rate factor of Hugging Face's get_cosine_schedule_with_warmup (the reference recipe):
/// warmup = ceil(warmup_ratio * steps); factor(t) = t / warmup during warm-up, then
/// 0.5 (1 + cos(pi (t - warmup) / (steps - warmup))), for 0-based optimizer step t.
/// </summary>
public sealed class CosineSchedule(int totalSteps, double warmupRatio)
{
    public int WarmupSteps { get; } = (int)Math.Ceiling(warmupRatio * totalSteps);

    public double Factor(int step)
    {
        if (step < WarmupSteps) return (double)step / Math.Max(1, WarmupSteps);
        var progress = (double)(step - WarmupSteps) / Math.Max(1, totalSteps - WarmupSteps);
        return Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
