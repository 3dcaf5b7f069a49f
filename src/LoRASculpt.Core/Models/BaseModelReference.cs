using LoRASculpt.Core.Settings;

namespace LoRASculpt.Core.Models;

/// <summary>
/// A base_model value: a preset name (<see cref="ModelPresets"/>) or a Hugging Face checkpoint directory.
/// A value with '/' or '\' in it, or starting with '.' or '~', is a path; anything else names a preset.
/// Only the directory and its config.json are checked here: Core has no torch, the loader reads the rest.
/// </summary>
/// <param name="Value">The preset name, or the directory's absolute path without a trailing separator.</param>
public sealed record BaseModelReference(string Value, bool IsCheckpointDirectory)
{
    /// <summary>The file every Hugging Face checkpoint directory holds.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>Whether <paramref name="value"/> is spelt as a path (see the class remarks).</summary>
    public static bool IsPath(string value)
    {
        var text = (value ?? "").Trim();
        return text.Contains('/') || text.Contains('\\') || text.StartsWith('.') || text.StartsWith('~');
    }

    /// <summary>Classifies and, for a path, resolves against <paramref name="baseDirectory"/> (see <see cref="UserPath.Resolve"/>).</summary>
    public static BaseModelReference Parse(string value, string baseDirectory, string? homeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsPath(value)
            ? new BaseModelReference(UserPath.Resolve(value, baseDirectory, homeDirectory), IsCheckpointDirectory: true)
            : new BaseModelReference(value.Trim(), IsCheckpointDirectory: false);
    }

    /// <summary>
    /// What is wrong with this reference, or null: an unknown preset, a missing directory, or no config.json in it.
    /// <paramref name="checkDirectory"/> = false checks the spelling only: a cluster silo may hold the checkpoint
    /// under another local path or fetch it from Blob storage (the executor resolves it), so only the machine that
    /// reads a sweep file or a train command can check the directory itself.
    /// </summary>
    public string? Problem(bool checkDirectory = true)
    {
        if (!IsCheckpointDirectory)
        {
            return ModelPresets.Find(Value) is null
                ? $"base_model must be one of {string.Join(", ", ModelPresets.Names)} or a checkpoint directory path; got '{Value}'"
                : null;
        }

        if (!checkDirectory)
            return null;
        if (!Directory.Exists(Value))
            return $"checkpoint directory {Value} does not exist";
        return File.Exists(Path.Combine(Value, ConfigFileName))
            ? null
            : $"checkpoint directory {Value} has no {ConfigFileName} (a Hugging Face LLaVA checkpoint directory holds config.json and its *.safetensors)";
    }
}
