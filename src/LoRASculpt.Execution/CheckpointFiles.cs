using System.Text.RegularExpressions;

namespace LoRASculpt.Execution;

/// <summary>
/// Which files of a Hugging Face checkpoint directory make up the model: its config, safetensors weights (and their
/// index), tokenizer and processor files. PyTorch pickle weights (*.bin) are skipped, with a warning, because only
/// safetensors are read; anything else (README.md, .gitattributes, subfolders) is ignored.
/// </summary>
public static partial class CheckpointFiles
{
    public const string Config = "config.json";

    private static readonly HashSet<string> Named = new(StringComparer.Ordinal)
    {
        Config, "generation_config.json", "preprocessor_config.json", "processor_config.json",
        "chat_template.json", "chat_template.jinja",
        "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
        "vocab.json", "merges.txt",
    };

    /// <summary>True when <paramref name="directory"/> exists and holds a config.json (a checkpoint directory).</summary>
    public static bool IsCheckpoint(string directory) => File.Exists(Path.Combine(directory, Config));

    /// <summary>
    /// The model's files in <paramref name="directory"/>, by name, in ordinal order. Throws
    /// <see cref="DirectoryNotFoundException"/> for a missing directory and <see cref="FileNotFoundException"/> when it
    /// has no config.json or no *.safetensors weights.
    /// </summary>
    public static CheckpointFileSelection Select(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Checkpoint directory '{directory}' does not exist.");
        if (!IsCheckpoint(directory))
            throw new FileNotFoundException($"'{directory}' is not a Hugging Face checkpoint directory: it has no {Config}.", Path.Combine(directory, Config));

        var names = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.Directory })
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();
        var files = names.Where(IsModelFile).ToArray();
        var skipped = names.Where(n => !IsModelFile(n) && IsPickleWeights(n)).ToArray();
        var ignored = names.Except(files).Except(skipped).ToArray();
        if (!files.Any(IsSafetensorsWeights))
            throw new FileNotFoundException(
                $"'{directory}' has no *.safetensors weights{(skipped.Length > 0 ? " (only PyTorch *.bin files, which are not read: convert them to safetensors)" : "")}.");
        return new CheckpointFileSelection(files, skipped, ignored);
    }

    private static bool IsModelFile(string name) =>
        SafeName().IsMatch(name) && (Named.Contains(name) || IsSafetensorsWeights(name) || name.EndsWith(".safetensors.index.json", StringComparison.Ordinal));

    private static bool IsSafetensorsWeights(string name) => name.EndsWith(".safetensors", StringComparison.Ordinal);

    private static bool IsPickleWeights(string name) =>
        name.EndsWith(".bin", StringComparison.Ordinal) || name.EndsWith(".bin.index.json", StringComparison.Ordinal);

    /// <summary>File names become artifact key segments; Hugging Face names always fit.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")]
    private static partial Regex SafeName();
}

/// <summary>The file names of a checkpoint directory: the model's, the skipped PyTorch weights, and the rest (ignored).</summary>
public sealed record CheckpointFileSelection(IReadOnlyList<string> Files, IReadOnlyList<string> SkippedWeights, IReadOnlyList<string> Ignored);
