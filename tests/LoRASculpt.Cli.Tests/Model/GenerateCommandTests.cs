using LoRASculpt.Cli.Commands;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Images;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tests.Checkpoints;
using LoRASculpt.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Cli.Tests.Model;

/// <summary>
/// <c>generate</c> answers as the in-memory model that wrote the checkpoint answers the same prompt ids (built here by
/// hand as LLaVA's tokenizer_image_token splits the Vicuna v1 prompt) and the same image, with an adapter as the merged model.
/// </summary>
public sealed class GenerateCommandTests : IDisposable
{
    private const string Question = "What colour is the square?";
    private const int MaxNewTokens = 12;

    // LLaVA's conv_vicuna_v1 system prompt, then "USER: <image>\n{question} ASSISTANT:".
    private const string SystemPrompt =
        "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

    private readonly string _root = Directory.CreateTempSubdirectory("model-generate-").FullName;

    [Theory]
    [InlineData(CheckpointLayout.LlavaHf)]
    [InlineData(CheckpointLayout.Transformers)]
    [InlineData(CheckpointLayout.OriginalLlava)]
    public void The_answer_is_what_the_models_own_Generate_gives_for_the_prompt_and_image(CheckpointLayout layout)
    {
        var directory = Path.Combine(_root, layout.ToString());
        using var written = TinyCheckpoints.Write(directory, layout);
        var image = Image();
        var imagePath = Path.Combine(_root, "square.png");
        TestPng.Write(imagePath, image);
        var expected = ExpectedAnswer(written, directory, layout, image);

        var result = ModelCli.Run(GenerateCommand.Create,
            "--model", directory, "--image", imagePath, "--prompt", Question, "--max-new-tokens", MaxNewTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((0, ""), (result.Exit, result.Error));
        Assert.True(expected.Length > 0, "the tiny model should say something for the comparison to mean anything");
        Assert.Equal(expected + Environment.NewLine, result.Output);
    }

    [Fact]
    public void With_an_adapter_the_answer_is_the_merged_models()
    {
        var directory = Path.Combine(_root, "llava-hf");
        using var written = TinyCheckpoints.Write(directory, CheckpointLayout.LlavaHf);
        var adapterPath = Path.Combine(_root, "adapter.safetensors");
        var (deltas, connector) = TestAdapters.Write(adapterPath, TinyCheckpoints.Config(CheckpointLayout.LlavaHf));
        var image = Image();
        var imagePath = Path.Combine(_root, "square.png");
        TestPng.Write(imagePath, image);
        var baseAnswer = ExpectedAnswer(written, directory, CheckpointLayout.LlavaHf, image);
        TestAdapters.Merge(written, deltas, connector);
        var mergedAnswer = ExpectedAnswer(written, directory, CheckpointLayout.LlavaHf, image);
        TestAdapters.Dispose(deltas);
        TestAdapters.Dispose(connector);

        var result = ModelCli.Run(GenerateCommand.Create,
            "--model", directory, "--adapter", adapterPath, "--image", imagePath, "--prompt", Question, "--max-new-tokens", "12");

        Assert.Equal((0, ""), (result.Exit, result.Error));
        Assert.NotEqual(baseAnswer, mergedAnswer);
        Assert.Equal(mergedAnswer + Environment.NewLine, result.Output);
    }

    [Theory]
    [InlineData("--device", "tpu", "--device: Device 'tpu' is not 'cpu' or 'cuda:N'.")]
    [InlineData("--device", "cuda:99", "--device: ")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens must be at least 1, got 0.")]
    [InlineData("--precision", "fp16", "fp16")]
    public void Bad_options_exit_2_naming_the_option(string option, string value, string expected)
    {
        var result = ModelCli.Run(GenerateCommand.Create, "--model", _root, "--image", WriteImage(), "--prompt", Question, option, value);

        Assert.Equal(CommandRunner.UsageError, result.Exit);
        Assert.Contains(expected, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_cuda_device_the_build_cannot_use_is_refused_before_loading()
    {
        var result = ModelCli.Run(GenerateCommand.Create, "--model", _root, "--image", WriteImage(), "--prompt", Question, "--device", "cuda:0");

        Assert.Equal(CommandRunner.UsageError, result.Exit);
        // On a CUDA host cuda:0 is usable and the (empty) model directory is what fails.
        if (!torch.cuda.is_available())
            Assert.Contains("--device: Device 'cuda:0' needs CUDA, but this is the CPU build of libtorch.", result.Error);
    }

    [Fact]
    public void A_missing_image_or_model_exits_2_naming_it()
    {
        var missingImage = ModelCli.Run(GenerateCommand.Create, "--model", _root, "--image", Path.Combine(_root, "none.png"), "--prompt", Question);
        var missingModel = ModelCli.Run(GenerateCommand.Create, "--model", Path.Combine(_root, "none"), "--image", Path.Combine(_root, "none.png"), "--prompt", Question);
        var notAModel = ModelCli.Run(GenerateCommand.Create, "--model", _root, "--image", WriteImage(), "--prompt", Question);

        Assert.Equal((CommandRunner.UsageError, true), (missingImage.Exit, missingImage.Error.Contains(Path.Combine(_root, "none.png"))));
        Assert.Equal((CommandRunner.UsageError, true), (missingModel.Exit, missingModel.Error.Contains(Path.Combine(_root, "none"))));
        Assert.Equal((CommandRunner.UsageError, true), (notAModel.Exit, notAModel.Error.Contains("tokenizer.model")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A 40x30 image, not square (so LLaVA's pad-to-square matters), with a red square on a gradient.</summary>
    private static RgbImage Image()
    {
        const int width = 40, height = 30;
        var pixels = new byte[width * height * RgbImage.Channels];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var inSquare = x is >= 10 and < 25 && y is >= 8 and < 23;
            var p = (y * width + x) * RgbImage.Channels;
            pixels[p] = inSquare ? (byte)220 : (byte)(x * 6);
            pixels[p + 1] = inSquare ? (byte)20 : (byte)(y * 8);
            pixels[p + 2] = inSquare ? (byte)30 : (byte)120;
        }
        return new RgbImage(width, height, pixels);
    }

    private string WriteImage()
    {
        var path = Path.Combine(_root, "square.png");
        TestPng.Write(path, Image());
        return path;
    }

    /// <summary>
    /// The model's greedy answer, decoded as model_vqa decodes it (special tokens skipped, stripped): the prompt ids
    /// are BOS, the text before &lt;image&gt; as one piece, the image id, the text after it as another piece.
    /// </summary>
    private static string ExpectedAnswer(LlavaForConditionalGeneration model, string directory, CheckpointLayout layout, RgbImage image)
    {
        var tokenizer = LlamaSentencePieceTokenizer.Load(directory);
        int[] ids = [tokenizer.BosId, .. tokenizer.Encode($"{SystemPrompt} USER: "), tokenizer.ImageId, .. tokenizer.Encode($"\n{Question} ASSISTANT:")];
        var preprocessorDirectory = layout == CheckpointLayout.OriginalLlava ? TinyCheckpoints.VisionDirectory(directory) : directory;
        // LLaVA-1.5 pads to a square with the mean colour: the original config says so, llava-hf's gets it by default.
        var processor = ClipImageProcessor.FromPreprocessorConfig(Path.Combine(preprocessorDirectory, LlavaCheckpoint.PreprocessorFileName), "pad");
        using var scope = torch.NewDisposeScope();
        var pixels = ClipPixelValues.ToBatchTensor([processor.Preprocess(image)]);
        var answer = model.Generate(pixels, [ids], MaxNewTokens)[0];
        return tokenizer.Decode(answer).Trim();
    }
}
