using LoRASculpt.Training.Checkpoints;

namespace LoRASculpt.Training.Tests.Checkpoints;

public sealed class CheckpointKeyMapTests
{
    [Theory]
    [InlineData(CheckpointLayout.LlavaHf, "language_model.model.layers.3.self_attn.q_proj.weight", "language_model.model.layers.3.self_attn.q_proj.weight")]
    [InlineData(CheckpointLayout.LlavaHf, "vision_tower.vision_model.embeddings.class_embedding", "vision_tower.vision_model.embeddings.class_embedding")]
    [InlineData(CheckpointLayout.Transformers, "model.vision_tower.vision_model.encoder.layers.0.mlp.fc1.bias", "vision_tower.vision_model.encoder.layers.0.mlp.fc1.bias")]
    [InlineData(CheckpointLayout.Transformers, "model.multi_modal_projector.linear_2.weight", "multi_modal_projector.linear_2.weight")]
    [InlineData(CheckpointLayout.Transformers, "model.language_model.embed_tokens.weight", "language_model.model.embed_tokens.weight")]
    [InlineData(CheckpointLayout.Transformers, "model.language_model.layers.31.mlp.down_proj.weight", "language_model.model.layers.31.mlp.down_proj.weight")]
    [InlineData(CheckpointLayout.Transformers, "lm_head.weight", "language_model.lm_head.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.embed_tokens.weight", "language_model.model.embed_tokens.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.layers.0.post_attention_layernorm.weight", "language_model.model.layers.0.post_attention_layernorm.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.norm.weight", "language_model.model.norm.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "lm_head.weight", "language_model.lm_head.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.mm_projector.0.weight", "multi_modal_projector.linear_1.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.mm_projector.2.bias", "multi_modal_projector.linear_2.bias")]
    [InlineData(CheckpointLayout.Clip, "vision_model.pre_layrnorm.weight", "vision_tower.vision_model.pre_layrnorm.weight")]
    [InlineData(CheckpointLayout.Clip, "vision_model.post_layernorm.bias", "vision_tower.vision_model.post_layernorm.bias")]
    public void Maps_checkpoint_keys_to_llava_hf_keys_and_back(CheckpointLayout layout, string checkpointKey, string modelKey)
    {
        Assert.Equal(modelKey, CheckpointKeyMap.ToModelKey(layout, checkpointKey));
        Assert.Equal(checkpointKey, CheckpointKeyMap.ToCheckpointKey(layout, modelKey));
    }

    [Theory]
    [InlineData(CheckpointLayout.Clip, "text_model.encoder.layers.0.mlp.fc1.weight")]
    [InlineData(CheckpointLayout.Clip, "text_projection.weight")]
    [InlineData(CheckpointLayout.Clip, "visual_projection.weight")]
    [InlineData(CheckpointLayout.Clip, "logit_scale")]
    [InlineData(CheckpointLayout.Clip, "vision_model.embeddings.position_ids")]
    [InlineData(CheckpointLayout.LlavaHf, "vision_tower.vision_model.embeddings.position_ids")]
    [InlineData(CheckpointLayout.LlavaHf, "language_model.model.layers.0.self_attn.rotary_emb.inv_freq")]
    [InlineData(CheckpointLayout.Transformers, "model.language_model.layers.0.self_attn.rotary_emb.inv_freq")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.layers.5.self_attn.rotary_emb.inv_freq")]
    public void Buffers_and_the_unused_half_of_clip_are_ignored(CheckpointLayout layout, string checkpointKey)
    {
        Assert.True(CheckpointKeyMap.IsIgnored(layout, checkpointKey));
        Assert.Null(CheckpointKeyMap.ToModelKey(layout, checkpointKey));
    }

    [Fact]
    public void Clip_text_keys_are_ignored_only_in_a_clip_checkpoint()
    {
        Assert.False(CheckpointKeyMap.IsIgnored(CheckpointLayout.LlavaHf, "text_model.embeddings.token_embedding.weight"));
        Assert.Equal("text_model.embeddings.token_embedding.weight", CheckpointKeyMap.ToModelKey(CheckpointLayout.LlavaHf, "text_model.embeddings.token_embedding.weight"));
    }

    [Theory]
    [InlineData(CheckpointLayout.Transformers, "language_model.model.layers.0.mlp.up_proj.weight.extra", "model.language_model.layers.0.mlp.up_proj.weight.extra")]
    [InlineData(CheckpointLayout.OriginalLlava, "vision_tower.vision_model.embeddings.class_embedding", null)]
    [InlineData(CheckpointLayout.Clip, "language_model.lm_head.weight", null)]
    [InlineData(CheckpointLayout.Clip, "multi_modal_projector.linear_1.weight", null)]
    public void The_inverse_is_null_where_a_layout_does_not_hold_the_key(CheckpointLayout layout, string modelKey, string? checkpointKey) =>
        Assert.Equal(checkpointKey, CheckpointKeyMap.ToCheckpointKey(layout, modelKey));

    [Theory]
    [InlineData(CheckpointLayout.Transformers, "model.something_else.weight")]
    [InlineData(CheckpointLayout.OriginalLlava, "model.mm_projector.1.weight")]
    [InlineData(CheckpointLayout.Clip, "other.weight")]
    public void Keys_no_rule_covers_map_to_nothing(CheckpointLayout layout, string checkpointKey) =>
        Assert.Null(CheckpointKeyMap.ToModelKey(layout, checkpointKey));
}
