namespace LoRASculpt.Cli.Commands.Model;

/// <summary>
/// What <c>lorasculpt model inspect</c> learns about a LLaVA-1.5 checkpoint directory from its JSON files, tokenizer
/// and safetensors headers alone (no weight is read). Printed as text or, with --json, serialised as is.
/// </summary>
public sealed record CheckpointInspection(
    string Directory,
    string? VisionDirectory,
    InspectedLayout Layout,
    InspectedLayout? VisionLayout,
    InspectedConfig Config,
    IReadOnlyList<InspectedShard> Shards,
    TensorTotals Totals,
    IReadOnlyList<TensorGroup> Components,
    IReadOnlyList<TensorGroup> Dtypes,
    InspectedTokenizer Tokenizer,
    InspectedPreprocessor Preprocessor,
    KeyCheck Keys,
    MemoryEstimate Memory,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when the checkpoint would load: every expected key present with its shape, and no other problem.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>A key layout and the key that decided it.</summary>
public sealed record InspectedLayout(string Layout, string DecidingKey);

/// <summary>config.json as the model reads it (transformers' defaults filled in).</summary>
public sealed record InspectedConfig(
    string? ModelType,
    IReadOnlyList<string> Architectures,
    string TorchDtype,
    InspectedVision Vision,
    InspectedProjector Projector,
    InspectedText Text,
    int ImageTokenId,
    int? BosTokenId,
    int? EosTokenId,
    int? PadTokenId,
    string? ImageAspectRatio);

public sealed record InspectedVision(int ImageSize, int PatchSize, int Patches, int HiddenSize, int Layers, int Heads, int IntermediateSize, string HiddenAct);

/// <summary>The connector and which vision features feed it (feature layer as in the config, and as a hidden-state index).</summary>
public sealed record InspectedProjector(string Type, string HiddenAct, int FeatureLayer, int FeatureHiddenState, string FeatureStrategy, int ImageTokens);

/// <summary>The decoder; <see cref="TokenizerVocabSize"/> is the real vocabulary when the embedding is padded.</summary>
public sealed record InspectedText(
    int VocabSize,
    int TokenizerVocabSize,
    int HiddenSize,
    int Layers,
    int Heads,
    int KeyValueHeads,
    int IntermediateSize,
    double RopeTheta,
    int MaxPositionEmbeddings,
    string HiddenAct);

/// <summary>One safetensors file: its directory, name, size on disk and tensor count.</summary>
public sealed record InspectedShard(string Directory, string File, long Bytes, int Tensors);

public sealed record TensorTotals(int Tensors, long Parameters, long Bytes);

/// <summary>Tensors grouped by model component or by stored dtype.</summary>
public sealed record TensorGroup(string Name, int Tensors, long Parameters, long Bytes);

public sealed record InspectedTokenizer(
    int VocabSize,
    int BosId,
    int EosId,
    int PadId,
    int ImageId,
    int UnknownId,
    IReadOnlyList<InspectedAddedToken> AddedTokens);

public sealed record InspectedAddedToken(string Content, int Id);

/// <summary>The CLIP preprocessing an image gets (LLaVA's pad-to-square included).</summary>
public sealed record InspectedPreprocessor(
    string File,
    bool DoResize,
    string Size,
    string Resample,
    bool DoCenterCrop,
    int CropHeight,
    int CropWidth,
    bool DoRescale,
    double RescaleFactor,
    bool DoNormalize,
    IReadOnlyList<double> ImageMean,
    IReadOnlyList<double> ImageStd,
    bool PadToSquare);

/// <summary>
/// Memory for the weights: <see cref="WeightBytes"/> as the model holds them (config.json's torch_dtype, whatever the
/// stored dtype), <see cref="Float32Bytes"/> were they converted to float32. Activations and the KV-free decoding
/// buffers come on top.
/// </summary>
public sealed record MemoryEstimate(long Parameters, string Dtype, long WeightBytes, long Float32Bytes, string Note);
