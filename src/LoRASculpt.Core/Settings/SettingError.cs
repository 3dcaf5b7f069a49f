namespace LoRASculpt.Core.Settings;

/// <summary>One problem with a trial's settings. <see cref="Field"/> is the parameter name or "method", "target_task", "source_tasks", "base_model", "suite".</summary>
public sealed record SettingError(string Field, string Message)
{
    public override string ToString() => Message;
}

/// <summary>Thrown by <see cref="TrialSettings.Create"/> with every problem found, not just the first.</summary>
public sealed class SettingsValidationException(IReadOnlyList<SettingError> errors)
    : Exception(BuildMessage(errors))
{
    public IReadOnlyList<SettingError> Errors { get; } = errors;

    private static string BuildMessage(IReadOnlyList<SettingError> errors) =>
        errors.Count == 1
            ? $"Invalid trial settings: {errors[0].Message}"
            : $"Invalid trial settings ({errors.Count} errors):{Environment.NewLine}" +
              string.Join(Environment.NewLine, errors.Select(e => "  - " + e.Message));
}
