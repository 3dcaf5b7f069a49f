using LoRASculpt.Training.Checkpoints;

namespace LoRASculpt.Training.Tests.Checkpoints;

public sealed class CheckpointLayoutDetectorTests
{
    [Theory]
    [InlineData(CheckpointLayout.LlavaHf, "language_model.lm_head.weight", new[] { "vision_tower.vision_model.post_layernorm.weight", "language_model.lm_head.weight", "language_model.model.layers.0.self_attn.rotary_emb.inv_freq" })]
    [InlineData(CheckpointLayout.Transformers, "model.language_model.norm.weight", new[] { "lm_head.weight", "model.vision_tower.vision_model.pre_layrnorm.bias", "model.language_model.norm.weight" })]
    [InlineData(CheckpointLayout.OriginalLlava, "model.embed_tokens.weight", new[] { "lm_head.weight", "model.mm_projector.0.weight", "model.embed_tokens.weight", "model.norm.weight" })]
    [InlineData(CheckpointLayout.Clip, "vision_model.embeddings.class_embedding", new[] { "logit_scale", "text_model.final_layer_norm.weight", "vision_model.embeddings.class_embedding" })]
    public void Detects_the_layout_and_names_the_deciding_key(CheckpointLayout layout, string decidingKey, string[] keys) =>
        Assert.Equal(new DetectedLayout(layout, decidingKey), CheckpointLayoutDetector.Detect(keys));

    [Fact]
    public void An_unknown_layout_is_an_error_listing_keys_seen()
    {
        var error = Assert.Throws<InvalidDataException>(() => CheckpointLayoutDetector.Detect(["transformer.h.0.attn.c_attn.weight", "transformer.wte.weight"], "checkpoint 'gpt2'"));
        Assert.Contains("Cannot tell the key layout of checkpoint 'gpt2' (2 keys", error.Message);
        Assert.Contains("[transformer.h.0.attn.c_attn.weight, transformer.wte.weight]", error.Message);
    }

    [Fact]
    public void Keys_of_two_layouts_are_an_error_naming_both()
    {
        var error = Assert.Throws<InvalidDataException>(() => CheckpointLayoutDetector.Detect(["language_model.model.norm.weight", "model.language_model.norm.weight"]));
        Assert.Contains("LlavaHf (key 'language_model.model.norm.weight')", error.Message);
        Assert.Contains("Transformers (key 'model.language_model.norm.weight')", error.Message);
    }
}
