using LoRASculpt.Core.Models;
using LoRASculpt.Core.Models.HuggingFace;

namespace LoRASculpt.Core.Tests.Models.HuggingFace;

public sealed class HfLlavaConfigTests
{
    /// <summary>Every field away from its default, so a field the writer or reader drops shows up.</summary>
    private static MllmConfig Unusual(int imageTokenId) => ModelPresets.Micro with
    {
        Name = "unusual-llava",
        Vision = ModelPresets.Micro.Vision with { LayerNormEps = 1e-6, HiddenAct = "gelu" },
        Text = ModelPresets.Micro.Text with { VocabSize = 264, RopeTheta = 500000, RmsNormEps = 1e-6 },
        VisionFeatureLayer = -1,
        ImageTokenId = imageTokenId,
        PadTokenId = 261,
        BosTokenId = 7,
        EosTokenId = 8,
        UnknownTokenId = 9,
        VisionFeatureSelectStrategy = "full",
        TokenizerVocabSize = 262,
        TorchDtype = "bfloat16",
    };

    [Fact]
    public void Llava_hf_config_round_trips()
    {
        using var temp = new TempDirectory();
        foreach (var config in new[] { Unusual(260), ModelPresets.Micro, ModelPresets.TinyLlava })
        {
            var directory = temp.File(config.Name);
            HfLlavaConfig.WriteLlavaHf(config, directory);
            Assert.Equal(config, HfLlavaConfig.Read(directory, tokenizerVocabSize: config.TokenizerVocabSize));
        }
    }

    [Fact]
    public void Original_config_round_trips_through_the_clip_directory()
    {
        using var temp = new TempDirectory();
        var config = Unusual(-200) with { ImageAspectRatio = "pad" };
        HfLlavaConfig.WriteOriginal(config, temp.File("llava"), temp.File("clip"));
        // mm_vision_tower is written relative to the checkpoint, so the pair can be moved together.
        Assert.Contains("\"mm_vision_tower\": \"../clip\"", File.ReadAllText(Path.Combine(temp.File("llava"), "config.json")));
        Assert.Equal(config, HfLlavaConfig.Read(temp.File("llava"), tokenizerVocabSize: 262));
        Assert.Equal(config, HfLlavaConfig.Read(temp.File("llava"), temp.File("clip"), tokenizerVocabSize: 262));
        Assert.Equal(config with { VisionFeatureSelectStrategy = "default" }, RoundTripOriginal(temp, config with { VisionFeatureSelectStrategy = "default" }));
    }

    [Fact]
    public void Original_layout_needs_the_image_placeholder_id()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<ArgumentException>(() => HfLlavaConfig.WriteOriginal(ModelPresets.Micro, temp.File("a"), temp.File("b")));
        Assert.Contains("-200", error.Message);
    }

    [Fact]
    public void Llava_1_5_7b_hf_config_parses_to_its_sizes()
    {
        using var temp = new TempDirectory();
        var directory = WriteConfig(temp, "llava-1.5-7b-hf", RealConfigs.Llava15_7bHf);
        var config = HfLlavaConfig.Read(directory, tokenizerVocabSize: 32002);

        Assert.Equal(new TextConfig(VocabSize: 32064, HiddenSize: 4096, IntermediateSize: 11008, NumLayers: 32, NumHeads: 32,
            NumKeyValueHeads: 32, RopeTheta: 10000, MaxPositionEmbeddings: 4096, RmsNormEps: 1e-5, HiddenAct: "silu"), config.Text);
        Assert.Equal(new VisionConfig(ImageSize: 336, PatchSize: 14, NumChannels: 3, HiddenSize: 1024, NumLayers: 24, NumHeads: 16,
            IntermediateSize: 4096, LayerNormEps: 1e-5, HiddenAct: "quick_gelu"), config.Vision);
        Assert.Equal(32000, config.ImageTokenId);
        Assert.Equal(32001, config.PadTokenId);
        Assert.Equal((1, 2, 0), (config.BosTokenId!.Value, config.EosTokenId!.Value, config.UnknownTokenId!.Value));
        Assert.Equal(-2, config.VisionFeatureLayer);
        Assert.Equal(23, config.FeatureHiddenStateIndex);
        Assert.Equal("default", config.VisionFeatureSelectStrategy);
        Assert.Equal(576, config.ImageTokenCount);
        Assert.Equal("gelu", config.ProjectorHiddenAct);
        Assert.Equal("float16", config.TorchDtype);
        Assert.Equal(32002, config.RealVocabSize);
        Assert.Equal("llava-1.5-7b-hf", config.Name);
    }

    [Fact]
    public void Llava_1_5_7b_original_config_parses_with_its_clip_tower()
    {
        using var temp = new TempDirectory();
        var llava = WriteConfig(temp, "llava-v1.5-7b", RealConfigs.Llava15_7bOriginal);
        var clip = WriteConfig(temp, "clip-vit-large-patch14-336", RealConfigs.ClipVitL14_336);
        var config = HfLlavaConfig.Read(llava, clip);

        Assert.Equal(new TextConfig(32000, 4096, 11008, 32, 32, 32, 10000, 4096, 1e-5, "silu"), config.Text);
        Assert.Equal(new VisionConfig(336, 14, 3, 1024, 24, 16, 4096, 1e-5, "quick_gelu"), config.Vision);
        Assert.Equal(-200, config.ImageTokenId);
        Assert.Equal((0, 1, 2), (config.PadTokenId!.Value, config.BosTokenId!.Value, config.EosTokenId!.Value));
        Assert.Equal("default", config.VisionFeatureSelectStrategy);
        Assert.Equal(576, config.ImageTokenCount);
        Assert.Equal("pad", config.ImageAspectRatio);
        Assert.Equal(32000, config.RealVocabSize);
        Assert.Equal("./checkpoints/vicuna-7b-v1-5", config.Name);
    }

    [Fact]
    public void Omitted_fields_take_transformers_defaults()
    {
        using var temp = new TempDirectory();
        // LlavaConfig() with nothing set: LlamaConfig() and the CLIP ViT-L/14-336 tower LlavaConfig builds.
        var bare = HfLlavaConfig.Read(WriteConfig(temp, "bare", """{ "model_type": "llava" }"""));
        Assert.Equal(new TextConfig(32000, 4096, 11008, 32, 32, 32, 10000, 2048, 1e-6, "silu"), bare.Text);
        Assert.Equal(new VisionConfig(336, 14, 3, 1024, 24, 16, 4096, 1e-5, "quick_gelu"), bare.Vision);
        Assert.Equal((32000, -2, "default", "float32"), (bare.ImageTokenId, bare.VisionFeatureLayer, bare.VisionFeatureSelectStrategy, bare.TorchDtype));
        Assert.Null(bare.PadTokenId);

        // A vision_config that names nothing is CLIPVisionConfig(): ViT-B/32 at 224; GQA defaults to num_attention_heads.
        var clipDefaults = HfLlavaConfig.Read(WriteConfig(temp, "clip-defaults",
            """{ "model_type": "llava", "vision_config": {}, "text_config": { "num_attention_heads": 8, "eos_token_id": [5] } }"""));
        Assert.Equal(new VisionConfig(224, 32, 3, 768, 12, 12, 3072, 1e-5, "quick_gelu"), clipDefaults.Vision);
        Assert.Equal(8, clipDefaults.Text.NumKeyValueHeads);
        Assert.Equal(5, clipDefaults.EosTokenId);
    }

    [Theory]
    [InlineData("""{ "model_type": "llava", "text_config": { "hidden_size": "big" } }""", "text_config.hidden_size")]
    [InlineData("""{ "model_type": "llava", "vision_config": { "patch_size": 14.5 } }""", "vision_config.patch_size")]
    [InlineData("""{ "model_type": "llava", "vision_feature_select_strategy": "cls" }""", "vision_feature_select_strategy")]
    [InlineData("""{ "model_type": "llava", "projector_hidden_act": "swish" }""", "projector_hidden_act")]
    [InlineData("""{ "model_type": "llava", "torch_dtype": "int8" }""", "torch_dtype")]
    [InlineData("""{ "model_type": "llava", "text_config": { "rope_scaling": { "type": "linear", "factor": 2.0 } } }""", "text_config.rope_scaling")]
    [InlineData("""{ "model_type": "llava", "text_config": { "model_type": "mistral" } }""", "text_config.model_type")]
    [InlineData("""{ "model_type": "llava", "tie_word_embeddings": true }""", "tie_word_embeddings")]
    [InlineData("""{ "model_type": "bert" }""", "model_type")]
    [InlineData("""{ "architectures": ["LlavaLlamaForCausalLM"], "mm_projector_type": "mlp2x_gelu", "mm_vision_select_layer": -2 }""", "mm_vision_tower")]
    [InlineData("""{ "mm_vision_tower": "../clip", "mm_projector_type": "linear", "mm_vision_select_layer": -2 }""", "mm_projector_type")]
    [InlineData("""{ "mm_vision_tower": "../clip", "mm_projector_type": "mlp2x_gelu" }""", "mm_vision_select_layer")]
    [InlineData("""{ "mm_vision_tower": "../clip", "mm_projector_type": "mlp2x_gelu", "mm_vision_select_layer": -2, "mm_vision_select_feature": "cls" }""", "mm_vision_select_feature")]
    [InlineData("""{ "mm_vision_tower": "../clip", "mm_projector_type": "mlp2x_gelu", "mm_vision_select_layer": -2, "mm_hidden_size": 768 }""", "mm_hidden_size")]
    public void Errors_name_the_field_and_the_file(string json, string field)
    {
        using var temp = new TempDirectory();
        WriteConfig(temp, "clip", RealConfigs.ClipVitL14_336);
        var directory = WriteConfig(temp, "model", json);
        var error = Assert.Throws<InvalidDataException>(() => HfLlavaConfig.Read(directory));
        Assert.Contains($"'{field}'", error.Message);
        Assert.Contains(Path.Combine(directory, "config.json"), error.Message);
    }

    [Fact]
    public void Inconsistent_sizes_are_reported_with_the_file()
    {
        using var temp = new TempDirectory();
        var directory = WriteConfig(temp, "model", """{ "model_type": "llava", "vision_config": { "image_size": 100, "patch_size": 14 } }""");
        var error = Assert.Throws<InvalidDataException>(() => HfLlavaConfig.Read(directory));
        Assert.Contains("Vision.ImageSize", error.Message);
        Assert.Contains(directory, error.Message);
        Assert.Throws<FileNotFoundException>(() => HfLlavaConfig.Read(temp.File("missing")));
    }

    [Fact]
    public void Preset_hashes_are_unchanged_and_new_fields_change_them_only_away_from_defaults()
    {
        // The values from before the Hugging Face fields existed: saved base models stay addressable.
        Assert.Equal("93df6cd0182ca970", ModelPresets.TinyLlava.ConfigHash());
        Assert.Equal("2de526c2b871a39e", ModelPresets.Micro.ConfigHash());
        Assert.Equal(ModelPresets.Micro.ConfigHash(), (ModelPresets.Micro with { ImageTokenId = 3, TorchDtype = "float32" }).ConfigHash());
        Assert.NotEqual(ModelPresets.Micro.ConfigHash(), (ModelPresets.Micro with { ImageTokenId = 200 }).ConfigHash());
        Assert.NotEqual(ModelPresets.Micro.ConfigHash(), (ModelPresets.Micro with { VisionFeatureSelectStrategy = "full" }).ConfigHash());
        Assert.NotEqual(ModelPresets.Micro.ConfigHash(), (ModelPresets.Micro with { TorchDtype = "bfloat16" }).ConfigHash());
        Assert.NotEqual(ModelPresets.Micro.ConfigHash(), (ModelPresets.Micro with { Text = ModelPresets.Micro.Text with { HiddenAct = "gelu" } }).ConfigHash());
    }

    private static MllmConfig RoundTripOriginal(TempDirectory temp, MllmConfig config)
    {
        var directory = temp.File("llava-" + config.VisionFeatureSelectStrategy);
        HfLlavaConfig.WriteOriginal(config, directory, temp.File("clip-" + config.VisionFeatureSelectStrategy));
        return HfLlavaConfig.Read(directory, tokenizerVocabSize: config.TokenizerVocabSize);
    }

    /// <summary>A model folder named <paramref name="subdirectory"/> holding only <c>config.json</c>.</summary>
    private static string WriteConfig(TempDirectory temp, string subdirectory, string json)
    {
        var directory = temp.Subdirectory(subdirectory);
        File.WriteAllText(Path.Combine(directory, "config.json"), json);
        return directory;
    }
}
