using System.Globalization;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// A resumable training state in one directory "checkpoint-{step:D6}": state.safetensors holds the
/// trainable parameters ("param/…"), AdamW moments ("exp_avg/…", "exp_avg_sq/…") and sparsity masks
/// ("mask/…"); its metadata holds the step, optimizer step count, sampler position, the trial
/// generator's state (base64) and a fingerprint of the settings. Written to a temporary directory
/// and renamed, so a checkpoint directory either exists complete or not at all.
/// </summary>
public sealed record TrainingCheckpoint(
    int Step,
    long OptimizerSteps,
    int SamplerEpoch,
    int SamplerPosition,
    byte[] GeneratorState,
    string SettingsFingerprint,
    LossTerms LastLoss,
    IReadOnlyDictionary<string, Tensor> Tensors)
{
    private const string Prefix = "checkpoint-";
    private const string FileName = "state.safetensors";

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var final = Path.Combine(directory, $"{Prefix}{Step:D6}");
        var temp = Path.Combine(directory, $".{Prefix}{Step:D6}.{Guid.NewGuid():N}.tmp");
        var c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            ["step"] = Step.ToString(c),
            ["optimizer_steps"] = OptimizerSteps.ToString(c),
            ["sampler_epoch"] = SamplerEpoch.ToString(c),
            ["sampler_position"] = SamplerPosition.ToString(c),
            ["generator_state"] = Convert.ToBase64String(GeneratorState),
            ["settings"] = SettingsFingerprint,
            ["loss_task"] = LastLoss.Task.ToString("R", c),
            ["loss_cmr_llm"] = LastLoss.CmrLlm.ToString("R", c),
            ["loss_cmr_connector"] = LastLoss.CmrConnector.ToString("R", c),
            ["loss_regulariser"] = LastLoss.Regularizer.ToString("R", c),
            ["loss_total"] = LastLoss.Total.ToString("R", c),
        };
        try
        {
            SafetensorsTorch.SaveTensors(Path.Combine(temp, FileName), Tensors, metadata);
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(temp, final);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        // Older checkpoints are superseded.
        foreach (var old in Directory.GetDirectories(directory, Prefix + "*"))
            if (StepOf(old) is { } s && s < Step) Directory.Delete(old, recursive: true);
    }

    /// <summary>The newest complete checkpoint in <paramref name="directory"/>, or null (caller disposes its tensors).</summary>
    public static TrainingCheckpoint? LoadLatest(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        var latest = Directory.GetDirectories(directory, Prefix + "*")
            .Select(d => (Dir: d, Step: StepOf(d)))
            .Where(d => d.Step is not null && File.Exists(Path.Combine(d.Dir, FileName)))
            .OrderByDescending(d => d.Step)
            .FirstOrDefault();
        if (latest.Dir is null) return null;
        var tensors = SafetensorsTorch.LoadTensors(Path.Combine(latest.Dir, FileName), out var m);
        var c = CultureInfo.InvariantCulture;
        double D(string k) => double.Parse(m[k], c);
        return new TrainingCheckpoint(
            int.Parse(m["step"], c), long.Parse(m["optimizer_steps"], c),
            int.Parse(m["sampler_epoch"], c), int.Parse(m["sampler_position"], c),
            Convert.FromBase64String(m["generator_state"]), m["settings"],
            new LossTerms(D("loss_task"), D("loss_cmr_llm"), D("loss_cmr_connector"), D("loss_regulariser"), D("loss_total")),
            tensors);
    }

    private static int? StepOf(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step : null;
    }
}
