using LoRASculpt.Core.Settings;

namespace LoRASculpt.Training.Finetuning;

/// <summary>`epochs` counts passes over the training set; the loop counts optimizer steps. This turns one into the other.</summary>
public static class TrainingSteps
{
    /// <summary>
    /// With epochs &gt; 0: steps = ceil(epochs * items / batch_size) (the paper's 3 epochs); else the settings unchanged.
    /// prune_step must still fall inside the run.
    /// </summary>
    public static TrialSettings Resolve(TrialSettings settings, int trainingItems)
    {
        if (settings.Epochs <= 0) return settings;
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingItems, 1);
        var steps = (int)Math.Ceiling(settings.Epochs * (double)trainingItems / settings.BatchSize);
        if (settings.Method == TrainingMethod.LoraSculpt && settings.PruneStep >= steps)
            throw new SettingsValidationException([new SettingError(ParameterNames.PruneStep,
                $"prune_step must be less than the {steps} steps that epochs={settings.Epochs} gives over {trainingItems} items at batch_size {settings.BatchSize}, got {settings.PruneStep}")]);
        return settings with { Steps = steps };
    }
}
