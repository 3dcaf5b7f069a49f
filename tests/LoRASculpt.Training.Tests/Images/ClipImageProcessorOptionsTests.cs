using LoRASculpt.Training.Images;

namespace LoRASculpt.Training.Tests.Images;

public sealed class ClipImageProcessorOptionsTests
{
    [Fact]
    public void Reads_a_llava_hf_preprocessor_config()
    {
        // llava-hf/llava-1.5-7b-hf's preprocessor_config.json.
        const string json = """
            {
              "crop_size": {"height": 336, "width": 336},
              "do_center_crop": true,
              "do_convert_rgb": true,
              "do_normalize": true,
              "do_rescale": true,
              "do_resize": true,
              "image_mean": [0.48145466, 0.4578275, 0.40821073],
              "image_processor_type": "CLIPImageProcessor",
              "image_std": [0.26862954, 0.26130258, 0.27577711],
              "processor_class": "LlavaProcessor",
              "resample": 3,
              "rescale_factor": 0.00392156862745098,
              "size": {"shortest_edge": 336}
            }
            """;
        var options = ClipImageProcessorOptions.Parse(json);

        Assert.Equal(new ClipImageProcessorOptions() with { ImageMean = options.ImageMean, ImageStd = options.ImageStd }, options);
        Assert.Equal(ClipImageProcessorOptions.OpenAiClipMean, options.ImageMean);
        Assert.Equal(ClipImageProcessorOptions.OpenAiClipStd, options.ImageStd);
        Assert.Equal(1.0 / 255, options.RescaleFactor);
        Assert.False(options.PadToSquare);
    }

    [Fact]
    public void Bare_ints_mean_shortest_edge_for_size_and_a_square_for_crop_size()
    {
        // openai/clip-vit-large-patch14-336's older feature-extractor config, plus LLaVA's aspect-ratio option.
        var options = ClipImageProcessorOptions.Parse("""{"size": 224, "crop_size": 200, "resample": 2, "do_normalize": false, "image_mean": 0.5, "image_aspect_ratio": "pad"}""");

        Assert.Equal(ClipResizeSize.ToShortestEdge(224), options.Size);
        Assert.Equal((200, 200), (options.CropHeight, options.CropWidth));
        Assert.Equal(ResampleFilter.Bilinear, options.Resample);
        Assert.False(options.DoNormalize);
        Assert.Equal([0.5, 0.5, 0.5], options.ImageMean);
        Assert.True(options.PadToSquare);
        Assert.Equal(ClipResizeSize.ToExact(7, 9), ClipImageProcessorOptions.Parse("""{"size": {"height": 7, "width": 9}}""").Size);
    }

    [Theory]
    [InlineData(23, 37, 16, 16, 25)] // wide: long side int(16 * 37 / 23) = int(25.74) = 25
    [InlineData(80, 50, 24, 38, 24)] // tall: int(24 * 80 / 50) = int(38.4) = 38
    [InlineData(480, 640, 336, 336, 448)]
    [InlineData(7, 7, 3, 3, 3)]
    public void Shortest_edge_output_size_truncates_the_long_side(int height, int width, int edge, int expectedHeight, int expectedWidth) =>
        Assert.Equal((expectedHeight, expectedWidth), ClipResizeSize.ToShortestEdge(edge).OutputSize(height, width));

    [Fact]
    public void Config_file_errors_name_the_file_and_the_argument_overrides_the_aspect_ratio()
    {
        var directory = Directory.CreateTempSubdirectory("clip-config-");
        try
        {
            var path = Path.Combine(directory.FullName, "preprocessor_config.json");
            Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => ClipImageProcessorOptions.FromPreprocessorConfig(path)).Message);

            File.WriteAllText(path, """{"size": {"longest_edge": 3}}""");
            var e = Assert.Throws<InvalidDataException>(() => ClipImageProcessorOptions.FromPreprocessorConfig(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("size", e.Message);

            File.WriteAllText(path, """{"size": 0}""");
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => ClipImageProcessorOptions.FromPreprocessorConfig(path)).Message);

            File.WriteAllText(path, """{"crop_size": 12}""");
            Assert.True(ClipImageProcessor.FromPreprocessorConfig(path, imageAspectRatio: "pad").Options.PadToSquare);
            Assert.Equal(12, ClipImageProcessorOptions.FromPreprocessorConfig(path).CropWidth);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rejects_anyres_and_nearest()
    {
        Assert.Throws<NotSupportedException>(() => ClipImageProcessorOptions.ParseImageAspectRatio("anyres"));
        Assert.Throws<NotSupportedException>(() => new ClipImageProcessor(new ClipImageProcessorOptions { Resample = ResampleFilter.Nearest }));
    }
}
