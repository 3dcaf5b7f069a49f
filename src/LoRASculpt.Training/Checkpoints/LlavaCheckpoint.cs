using LoRASculpt.Core.Models;
using LoRASculpt.Core.Models.HuggingFace;
using LoRASculpt.Training.Conversations;
using LoRASculpt.Training.Images;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Checkpoints;

/// <summary>
/// A Hugging Face LLaVA-1.5 checkpoint directory opened as a base model: the model built from its config.json with
/// its weights loaded by key (in the checkpoint's dtype, frozen), its SentencePiece tokenizer and its CLIP image
/// preprocessing. Any of the three key layouts (<see cref="CheckpointLayout"/>) loads; the original release's CLIP
/// tower comes from a separate directory.
/// </summary>
public sealed class LlavaCheckpoint : IDisposable
{
    public const string PreprocessorFileName = "preprocessor_config.json";

    /// <summary>LLaVA-1.5's tokenizer model_max_length: prompts longer than this are truncated (never inside an image).</summary>
    public const int ModelMaxLength = 2048;

    private LlavaCheckpoint(string directory, string? visionDirectory, LlavaForConditionalGeneration model, ITextTokenizer tokenizer, ClipImageProcessor images, CheckpointLoadReport report)
    {
        Directory = directory;
        VisionDirectory = visionDirectory;
        Model = model;
        Tokenizer = tokenizer;
        Images = images;
        Report = report;
    }

    public string Directory { get; }

    /// <summary>The separate CLIP directory of an original-layout checkpoint (null for llava-hf and transformers layouts).</summary>
    public string? VisionDirectory { get; }

    public LlavaForConditionalGeneration Model { get; }

    public MllmConfig Config => Model.Config;

    public ITextTokenizer Tokenizer { get; }

    public ClipImageProcessor Images { get; }

    public CheckpointLoadReport Report { get; }

    /// <summary>How conversations are tokenized for this model: one &lt;image&gt; id the model expands to its patch features.</summary>
    public ConversationTokenOptions TokenOptions =>
        new(Config.ImageTokenCount, ExpandImageIds: false, Math.Min(ModelMaxLength, Config.Text.MaxPositionEmbeddings));

    /// <summary>Opens <paramref name="directory"/>; errors name the file or key at fault.</summary>
    public static LlavaCheckpoint Open(string directory, LlavaCheckpointOptions? options = null)
    {
        options ??= new LlavaCheckpointOptions();
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Base model directory '{directory}' does not exist.");
        var tokenizer = TextTokenizers.Load(directory);
        var visionDirectory = options.VisionTowerDirectory ?? VisionTowerLocator.Find(directory);
        var config = HfLlavaConfig.Read(directory, visionDirectory, tokenizer.VocabSize);
        if (tokenizer.ImageId != config.ImageTokenId)
            throw new InvalidDataException(
                $"{Path.Combine(directory, HfLlavaConfig.FileName)}: image_token_index is {config.ImageTokenId} but the tokenizer's <image> is {tokenizer.ImageId}.");
        var images = ClipImageProcessor.FromPreprocessorConfig(PreprocessorConfig(directory, visionDirectory), config.ImageAspectRatio ?? options.DefaultImageAspectRatio);
        var model = new LlavaForConditionalGeneration(config, ModelOptions.ForCheckpoint(config, options.Device) with
        {
            ComputeDtype = options.ComputeDtype,
            ProjectorDtype = ScalarType.Float32,
        });
        try
        {
            var report = CheckpointLoader.Load(model, directory, visionDirectory);
            return new LlavaCheckpoint(directory, visionDirectory, model, tokenizer, images, report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose() => Model.Dispose();

    private static string PreprocessorConfig(string directory, string? visionDirectory)
    {
        var own = Path.Combine(directory, PreprocessorFileName);
        if (File.Exists(own) || visionDirectory is null) return own;
        return Path.Combine(visionDirectory, PreprocessorFileName);
    }
}

/// <summary>How a checkpoint is opened: the slot's device, the compute dtype, and where the CLIP tower is.</summary>
public sealed record LlavaCheckpointOptions
{
    public Device? Device { get; init; }

    /// <summary>Activation dtype (null = the checkpoint's dtype); LoRA master weights stay float32 either way.</summary>
    public ScalarType? ComputeDtype { get; init; }

    /// <summary>The original layout's CLIP directory; null = found from config.json's mm_vision_tower.</summary>
    public string? VisionTowerDirectory { get; init; }

    /// <summary>LLaVA-1.5 (and the paper) pad images to a square with the mean colour; llava-hf's config does not say.</summary>
    public string DefaultImageAspectRatio { get; init; } = "pad";
}
