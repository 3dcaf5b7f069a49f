using System.Text.Json;
using LoRASculpt.Core.Models;
using LoRASculpt.Core.Models.HuggingFace;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Images;
using LoRASculpt.Training.Safetensors;
using LoRASculpt.Training.Tokenization;

namespace LoRASculpt.Cli.Commands.Model;

/// <summary>
/// Inspects a LLaVA-1.5 checkpoint directory without reading a weight: config.json, the tokenizer, the preprocessor
/// config and the safetensors headers, read the way <see cref="LlavaCheckpoint.Open"/> reads them, so a checkpoint
/// this passes loads. Errors that make the directory unreadable as a checkpoint are thrown (a missing file, an
/// unknown key layout, an invalid config); whatever would stop the weights loading is listed in
/// <see cref="CheckpointInspection.Problems"/>.
/// </summary>
public static class CheckpointInspector
{
    private const int ListedPerProblem = 20;

    // Components by our model's key prefix, in the order a forward pass uses them.
    private static readonly (string Prefix, string Name)[] ComponentPrefixes =
    [
        ("vision_tower.", "vision tower"),
        ("multi_modal_projector.", "projector"),
        ("language_model.", "language model"),
    ];

    /// <param name="directory">The checkpoint directory (llava-hf, transformers or original layout).</param>
    /// <param name="visionTowerDirectory">The original layout's CLIP directory; null = found from config.json's mm_vision_tower.</param>
    /// <param name="defaultImageAspectRatio">Used when config.json does not say (as <see cref="LlavaCheckpointOptions.DefaultImageAspectRatio"/>).</param>
    public static CheckpointInspection Inspect(string directory, string? visionTowerDirectory = null, string defaultImageAspectRatio = "pad")
    {
        directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Checkpoint directory '{directory}' does not exist.");
        using var main = SafetensorsCheckpoint.Open(directory);
        var mainLayout = CheckpointLayoutDetector.Detect(main.Keys, $"checkpoint '{main.Directory}'");
        if (mainLayout.Layout == CheckpointLayout.Clip)
            throw new InvalidDataException(
                $"Checkpoint '{main.Directory}' is a CLIP model (key '{mainLayout.DecidingKey}'): inspect the LLaVA checkpoint and pass this directory as --vision-tower.");

        var tokenizer = LlamaSentencePieceTokenizer.Load(directory);
        var visionDirectory = visionTowerDirectory is null
            ? VisionTowerLocator.Find(directory)
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(visionTowerDirectory));
        var config = HfLlavaConfig.Read(directory, visionDirectory, tokenizer.VocabSize);

        using var vision = visionDirectory is null ? null : SafetensorsCheckpoint.Open(visionDirectory);
        DetectedLayout? visionLayout = null;
        if (vision is not null)
        {
            visionLayout = CheckpointLayoutDetector.Detect(vision.Keys, $"vision checkpoint '{vision.Directory}'");
            if (visionLayout.Layout != CheckpointLayout.Clip)
                throw new InvalidDataException(
                    $"Vision checkpoint '{vision.Directory}' has the {visionLayout.Layout} layout (key '{visionLayout.DecidingKey}'), not a CLIP model's \"vision_model.*\" keys.");
        }

        var sources = Sources(main, mainLayout.Layout).Concat(vision is null ? [] : Sources(vision, CheckpointLayout.Clip)).ToList();
        var expected = ExpectedWeights.Of(config);
        var keys = KeyCheck.Compare(sources, expected);
        var preprocessorPath = PreprocessorPath(directory, visionDirectory);
        var preprocessor = ClipImageProcessorOptions.FromPreprocessorConfig(preprocessorPath, config.ImageAspectRatio ?? defaultImageAspectRatio);
        var parameters = expected.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b));

        return new CheckpointInspection(
            directory,
            visionDirectory,
            new InspectedLayout(mainLayout.Layout.ToString(), mainLayout.DecidingKey),
            visionLayout is null ? null : new InspectedLayout(visionLayout.Layout.ToString(), visionLayout.DecidingKey),
            DescribeConfig(directory, config),
            Shards(main).Concat(vision is null ? [] : Shards(vision)).ToList(),
            new TensorTotals(sources.Count, sources.Sum(s => s.Info.ElementCount), sources.Sum(s => s.Info.ByteLength)),
            Components(sources),
            sources.GroupBy(s => s.Info.DType).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g)).ToList(),
            DescribeTokenizer(tokenizer),
            DescribePreprocessor(preprocessorPath, preprocessor),
            keys,
            Memory(parameters, config.TorchDtype),
            Problems(keys, config, tokenizer, preprocessor, mainLayout.Layout == CheckpointLayout.OriginalLlava && vision is null));
    }

    private static IEnumerable<KeyCheck.Source> Sources(SafetensorsCheckpoint checkpoint, CheckpointLayout layout) =>
        checkpoint.Keys.Order(StringComparer.Ordinal).Select(key => new KeyCheck.Source(
            checkpoint.TensorInfo(key),
            checkpoint.Directory,
            layout,
            CheckpointKeyMap.ToModelKey(layout, key),
            CheckpointKeyMap.IsIgnored(layout, key)));

    private static IEnumerable<InspectedShard> Shards(SafetensorsCheckpoint checkpoint) =>
        checkpoint.ShardFiles.Select(file =>
        {
            var path = Path.Combine(checkpoint.Directory, file);
            // Opening a reader reads only the header.
            using var reader = new SafetensorsReader(path);
            return new InspectedShard(checkpoint.Directory, file, new FileInfo(path).Length, reader.Tensors.Count);
        });

    private static List<TensorGroup> Components(List<KeyCheck.Source> sources)
    {
        var groups = new List<TensorGroup>();
        foreach (var (prefix, name) in ComponentPrefixes)
            groups.Add(Group(name, sources.Where(s => !s.IsIgnored && s.ModelKey?.StartsWith(prefix, StringComparison.Ordinal) == true)));
        var ignored = sources.Where(s => s.IsIgnored).ToList();
        if (ignored.Count > 0) groups.Add(Group("ignored (not loaded)", ignored));
        var other = sources.Where(s => !s.IsIgnored && !ComponentPrefixes.Any(c => s.ModelKey?.StartsWith(c.Prefix, StringComparison.Ordinal) == true)).ToList();
        if (other.Count > 0) groups.Add(Group("unmapped", other));
        return groups;
    }

    private static TensorGroup Group(string name, IEnumerable<KeyCheck.Source> sources)
    {
        var list = sources.ToList();
        return new TensorGroup(name, list.Count, list.Sum(s => s.Info.ElementCount), list.Sum(s => s.Info.ByteLength));
    }

    private static InspectedConfig DescribeConfig(string directory, MllmConfig config)
    {
        var (modelType, architectures) = ModelType(Path.Combine(directory, HfLlavaConfig.FileName));
        var v = config.Vision;
        var t = config.Text;
        return new InspectedConfig(
            modelType,
            architectures,
            config.TorchDtype,
            new InspectedVision(v.ImageSize, v.PatchSize, v.NumPatches, v.HiddenSize, v.NumLayers, v.NumHeads, v.IntermediateSize, v.HiddenAct),
            new InspectedProjector(config.ProjectorType, config.ProjectorHiddenAct, config.VisionFeatureLayer, config.FeatureHiddenStateIndex,
                config.VisionFeatureSelectStrategy, config.ImageTokenCount),
            new InspectedText(t.VocabSize, config.RealVocabSize, t.HiddenSize, t.NumLayers, t.NumHeads, t.NumKeyValueHeads, t.IntermediateSize,
                t.RopeTheta, t.MaxPositionEmbeddings, t.HiddenAct),
            config.ImageTokenId,
            config.BosTokenId,
            config.EosTokenId,
            config.PadTokenId,
            config.ImageAspectRatio);
    }

    private static (string? ModelType, IReadOnlyList<string> Architectures) ModelType(string configPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(configPath));
        var root = json.RootElement;
        var modelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        var architectures = root.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        return (modelType, architectures);
    }

    private static InspectedTokenizer DescribeTokenizer(LlamaSentencePieceTokenizer tokenizer) =>
        new(tokenizer.VocabSize, tokenizer.BosId, tokenizer.EosId, tokenizer.PadId, tokenizer.ImageId, tokenizer.UnknownId,
            tokenizer.AddedTokens.Select(a => new InspectedAddedToken(a.Content, a.Id)).ToList());

    private static InspectedPreprocessor DescribePreprocessor(string path, ClipImageProcessorOptions o) =>
        new(path, o.DoResize, o.Size.ToString(), o.Resample.ToString().ToLowerInvariant(), o.DoCenterCrop, o.CropHeight, o.CropWidth,
            o.DoRescale, o.RescaleFactor, o.DoNormalize, o.ImageMean, o.ImageStd, o.PadToSquare);

    private static MemoryEstimate Memory(long parameters, string dtype)
    {
        var size = dtype == TorchDtypes.Float32 ? 4 : 2;
        var note = dtype == TorchDtypes.Float32
            ? "The weights are float32; --precision bf16 computes in bfloat16 but keeps them in float32."
            : $"The model holds the weights as {dtype} (config.json torch_dtype); --precision fp32 computes in float32, casting one weight at a time where used, so the weights stay {dtype}. Holding them in float32 would take the second figure.";
        return new MemoryEstimate(parameters, dtype, parameters * size, parameters * 4, note);
    }

    private static List<string> Problems(KeyCheck keys, MllmConfig config, ITextTokenizer tokenizer, ClipImageProcessorOptions preprocessor, bool originalWithoutTower)
    {
        var problems = new List<string>();
        if (keys.Missing.Count > 0) problems.Add($"{keys.Missing.Count} missing key(s) (in the model, not the checkpoint): {List(keys.Missing)}");
        if (keys.Unexpected.Count > 0) problems.Add($"{keys.Unexpected.Count} unexpected key(s) (in the checkpoint, not the model): {List(keys.Unexpected)}");
        if (keys.Misshapen.Count > 0) problems.Add($"{keys.Misshapen.Count} key(s) with the wrong shape: {List(keys.Misshapen)}");
        if (keys.Duplicated.Count > 0) problems.Add($"{keys.Duplicated.Count} weight(s) supplied twice: {List(keys.Duplicated)}");
        if (originalWithoutTower && keys.Missing.Any(k => k.StartsWith("vision_tower.", StringComparison.Ordinal)))
            problems.Add("The original LLaVA release keeps the CLIP vision tower in its own directory: pass it as --vision-tower.");
        if (tokenizer.ImageId != config.ImageTokenId)
            problems.Add($"config.json's image token id is {config.ImageTokenId} but the tokenizer's <image> is {tokenizer.ImageId}.");
        var cropped = preprocessor.DoCenterCrop ? (preprocessor.CropHeight, preprocessor.CropWidth) : ((int, int)?)null;
        if (cropped is { } crop && (crop.Item1 != config.Vision.ImageSize || crop.Item2 != config.Vision.ImageSize))
            problems.Add($"The preprocessor crops to {crop.Item1}x{crop.Item2} but the vision tower's image_size is {config.Vision.ImageSize}.");
        return problems;
    }

    // Enough to see the pattern (a wrong layout misses every key); the key check lists them all.
    private static string List(IReadOnlyList<string> names) =>
        $"[{string.Join(", ", names.Take(ListedPerProblem))}{(names.Count > ListedPerProblem ? $", ... and {names.Count - ListedPerProblem} more" : "")}]";

    private static string PreprocessorPath(string directory, string? visionDirectory)
    {
        var own = Path.Combine(directory, LlavaCheckpoint.PreprocessorFileName);
        return File.Exists(own) || visionDirectory is null ? own : Path.Combine(visionDirectory, LlavaCheckpoint.PreprocessorFileName);
    }
}
