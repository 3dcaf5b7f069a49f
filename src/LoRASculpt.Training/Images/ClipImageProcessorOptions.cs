using System.Text.Json;

namespace LoRASculpt.Training.Images;

/// <summary>
/// The settings of Hugging Face's CLIPImageProcessor (the keys of a checkpoint's preprocessor_config.json)
/// plus LLaVA's <c>image_aspect_ratio: pad</c>. Defaults are openai/clip-vit-large-patch14-336's
/// preprocessor, LLaVA-1.5's vision tower: shortest edge 336, bicubic, centre crop 336x336, rescale by
/// 1/255, normalise with the OpenAI CLIP mean and std; no padding.
/// </summary>
public sealed record ClipImageProcessorOptions
{
    public static IReadOnlyList<double> OpenAiClipMean { get; } = [0.48145466, 0.4578275, 0.40821073];

    public static IReadOnlyList<double> OpenAiClipStd { get; } = [0.26862954, 0.26130258, 0.27577711];

    public bool DoResize { get; init; } = true;

    public ClipResizeSize Size { get; init; } = ClipResizeSize.ToShortestEdge(336);

    public ResampleFilter Resample { get; init; } = ResampleFilter.Bicubic;

    public bool DoCenterCrop { get; init; } = true;

    public int CropHeight { get; init; } = 336;

    public int CropWidth { get; init; } = 336;

    public bool DoRescale { get; init; } = true;

    public double RescaleFactor { get; init; } = 1.0 / 255;

    public bool DoNormalize { get; init; } = true;

    public IReadOnlyList<double> ImageMean { get; init; } = OpenAiClipMean;

    public IReadOnlyList<double> ImageStd { get; init; } = OpenAiClipStd;

    /// <summary>Kept for fidelity with the config; decoded images are always RGB already.</summary>
    public bool DoConvertRgb { get; init; } = true;

    /// <summary>LLaVA's image_aspect_ratio "pad": expand to a square of the mean colour before resizing.</summary>
    public bool PadToSquare { get; init; }

    /// <summary>
    /// Reads preprocessor_config.json. Keys it lacks keep the defaults above. An
    /// <c>image_aspect_ratio</c> key in the file (LLaVA keeps it in the model's config.json) is honoured;
    /// <paramref name="imageAspectRatio"/>, when given, overrides it.
    /// </summary>
    public static ClipImageProcessorOptions FromPreprocessorConfig(string path, string? imageAspectRatio = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Preprocessor config '{path}' does not exist.", path);
        try
        {
            var options = Parse(File.ReadAllText(path));
            return imageAspectRatio is null ? options : options with { PadToSquare = ParseImageAspectRatio(imageAspectRatio) };
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Preprocessor config '{path}' is invalid: {e.Message}", e);
        }
    }

    /// <summary>Parses the JSON text of a preprocessor_config.json (see <see cref="FromPreprocessorConfig"/>).</summary>
    public static ClipImageProcessorOptions Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("preprocessor config must be a JSON object.");
        var options = new ClipImageProcessorOptions();
        if (root.TryGetProperty("do_resize", out var v)) options = options with { DoResize = v.GetBoolean() };
        if (root.TryGetProperty("size", out v)) options = options with { Size = ParseSize(v) };
        if (root.TryGetProperty("resample", out v)) options = options with { Resample = ParseResample(v) };
        if (root.TryGetProperty("do_center_crop", out v)) options = options with { DoCenterCrop = v.GetBoolean() };
        if (root.TryGetProperty("crop_size", out v))
        {
            var (height, width) = ParseCropSize(v);
            options = options with { CropHeight = height, CropWidth = width };
        }
        if (root.TryGetProperty("do_rescale", out v)) options = options with { DoRescale = v.GetBoolean() };
        if (root.TryGetProperty("rescale_factor", out v)) options = options with { RescaleFactor = v.GetDouble() };
        if (root.TryGetProperty("do_normalize", out v)) options = options with { DoNormalize = v.GetBoolean() };
        if (root.TryGetProperty("image_mean", out v)) options = options with { ImageMean = ParsePerChannel(v, "image_mean") };
        if (root.TryGetProperty("image_std", out v)) options = options with { ImageStd = ParsePerChannel(v, "image_std") };
        if (root.TryGetProperty("do_convert_rgb", out v) && v.ValueKind != JsonValueKind.Null) options = options with { DoConvertRgb = v.GetBoolean() };
        if (root.TryGetProperty("image_aspect_ratio", out v)) options = options with { PadToSquare = ParseImageAspectRatio(v.GetString()) };
        return options;
    }

    /// <summary>
    /// LLaVA's image_aspect_ratio: "pad" pads to square; absent, empty or "square" does not. LLaVA-1.6's
    /// "anyres" tiling is a different pipeline and is rejected.
    /// </summary>
    public static bool ParseImageAspectRatio(string? value) => value switch
    {
        null or "" or "square" => false,
        "pad" => true,
        _ => throw new NotSupportedException($"image_aspect_ratio '{value}' is not supported (LLaVA-1.5 uses 'pad' or none)."),
    };

    // transformers' get_size_dict(size, default_to_square=False): a bare int is the shortest edge.
    private static ClipResizeSize ParseSize(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number) return ClipResizeSize.ToShortestEdge(e.GetInt32());
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("shortest_edge", out var s)) return ClipResizeSize.ToShortestEdge(s.GetInt32());
            if (e.TryGetProperty("height", out var h) && e.TryGetProperty("width", out var w)) return ClipResizeSize.ToExact(h.GetInt32(), w.GetInt32());
        }
        throw new InvalidDataException($"size must be an int, {{\"shortest_edge\"}} or {{\"height\", \"width\"}}, got {e.GetRawText()}.");
    }

    // get_size_dict(crop_size, default_to_square=True): a bare int is a square.
    private static (int Height, int Width) ParseCropSize(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number) return (e.GetInt32(), e.GetInt32());
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("height", out var h) && e.TryGetProperty("width", out var w))
            return (h.GetInt32(), w.GetInt32());
        throw new InvalidDataException($"crop_size must be an int or {{\"height\", \"width\"}}, got {e.GetRawText()}.");
    }

    private static ResampleFilter ParseResample(JsonElement e)
    {
        var value = e.GetInt32();
        if (!Enum.IsDefined(typeof(ResampleFilter), value)) throw new InvalidDataException($"resample {value} is not a PIL resampling filter (0-5).");
        return (ResampleFilter)value;
    }

    // transformers accepts one number for all channels or one per channel.
    private static IReadOnlyList<double> ParsePerChannel(JsonElement e, string name)
    {
        if (e.ValueKind == JsonValueKind.Number) return [e.GetDouble(), e.GetDouble(), e.GetDouble()];
        var values = e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [];
        if (values.Length != RgbImage.Channels) throw new InvalidDataException($"{name} must be a number or 3 numbers, got {e.GetRawText()}.");
        return values;
    }
}
