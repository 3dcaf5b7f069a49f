using LoRASculpt.Core.Models;
using LoRASculpt.Training.Data;
using LoRASculpt.Training.Model;
using LoRASculpt.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

public sealed class LlavaModelTests
{
    [Fact]
    public void Parameter_names_follow_hugging_face_llava()
    {
        using var model = ModelFixture.NewModel();
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        string[] expected =
        [
            "vision_tower.vision_model.embeddings.class_embedding",
            "vision_tower.vision_model.embeddings.patch_embedding.weight",
            "vision_tower.vision_model.embeddings.position_embedding.weight",
            "vision_tower.vision_model.pre_layrnorm.weight",
            "vision_tower.vision_model.pre_layrnorm.bias",
            "vision_tower.vision_model.encoder.layers.0.self_attn.q_proj.weight",
            "vision_tower.vision_model.encoder.layers.0.self_attn.k_proj.bias",
            "vision_tower.vision_model.encoder.layers.1.self_attn.v_proj.weight",
            "vision_tower.vision_model.encoder.layers.1.self_attn.out_proj.weight",
            "vision_tower.vision_model.encoder.layers.0.layer_norm1.weight",
            "vision_tower.vision_model.encoder.layers.0.layer_norm2.bias",
            "vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight",
            "vision_tower.vision_model.encoder.layers.0.mlp.fc2.bias",
            "vision_tower.vision_model.post_layernorm.weight",
            "multi_modal_projector.linear_1.weight",
            "multi_modal_projector.linear_1.bias",
            "multi_modal_projector.linear_2.weight",
            "multi_modal_projector.linear_2.bias",
            "language_model.model.embed_tokens.weight",
            "language_model.model.layers.0.self_attn.q_proj.weight",
            "language_model.model.layers.0.self_attn.k_proj.weight",
            "language_model.model.layers.0.self_attn.v_proj.weight",
            "language_model.model.layers.0.self_attn.o_proj.weight",
            "language_model.model.layers.1.mlp.gate_proj.weight",
            "language_model.model.layers.1.mlp.up_proj.weight",
            "language_model.model.layers.1.mlp.down_proj.weight",
            "language_model.model.layers.1.input_layernorm.weight",
            "language_model.model.layers.1.post_attention_layernorm.weight",
            "language_model.model.norm.weight",
            "language_model.lm_head.weight",
        ];
        Assert.DoesNotContain(expected, n => !names.Contains(n));
        // LLaMA projections carry no bias.
        Assert.DoesNotContain("language_model.model.layers.0.self_attn.q_proj.bias", names);
        Assert.All(names, n => Assert.DoesNotContain("BackingField", n));
    }

    [Fact]
    public void Parameter_shapes_match_the_config()
    {
        using var model = ModelFixture.NewModel();
        var c = ModelFixture.Config;
        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal([c.Vision.HiddenSize, 3L, 8, 8], shapes["vision_tower.vision_model.embeddings.patch_embedding.weight"]);
        Assert.Equal([c.Vision.NumPatches + 1L, c.Vision.HiddenSize], shapes["vision_tower.vision_model.embeddings.position_embedding.weight"]);
        Assert.Equal([c.Text.HiddenSize, (long)c.Vision.HiddenSize], shapes["multi_modal_projector.linear_1.weight"]);
        var kv = c.Text.NumKeyValueHeads * c.Text.HeadDim;
        Assert.Equal([kv, (long)c.Text.HiddenSize], shapes["language_model.model.layers.0.self_attn.k_proj.weight"]);
        Assert.Equal([c.Text.IntermediateSize, (long)c.Text.HiddenSize], shapes["language_model.model.layers.0.mlp.gate_proj.weight"]);
        Assert.Equal([c.Text.VocabSize, (long)c.Text.HiddenSize], shapes["language_model.lm_head.weight"]);
    }

    [Fact]
    public void Adaptable_layers_are_the_connector_and_every_decoder_projection()
    {
        using var model = ModelFixture.NewModel();
        var names = model.AdaptableLayers().Select(l => l.Name).ToArray();
        Assert.Equal(2 + 7 * ModelFixture.Config.Text.NumLayers, names.Length);
        Assert.Contains("multi_modal_projector.linear_1", names);
        Assert.Contains("language_model.model.layers.1.mlp.down_proj", names);
        Assert.DoesNotContain(names, n => n.StartsWith("vision_tower", StringComparison.Ordinal));
    }

    [Fact]
    public void Logits_cover_the_sequence_with_the_image_token_expanded()
    {
        using var model = ModelFixture.NewModel();
        using var batch = ModelFixture.Batch("text-ocr", "icon-mc");
        using var logits = model.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        var c = ModelFixture.Config;
        Assert.Equal([2L, batch.InputIds.shape[1] + c.ImageTokenCount - 1, c.Text.VocabSize], logits.shape);
    }

    [Fact]
    public void Loss_is_cross_entropy_over_answer_tokens_only()
    {
        using var model = ModelFixture.NewModel();
        using var batch = ModelFixture.Batch("shape-vqa", "scene-captions");
        using var loss = model.ComputeLoss(batch);
        using var logits = model.Logits(batch.PixelValues, batch.InputIds, batch.AttentionMask);
        using var logProbs = logits.log_softmax(-1);

        // By hand: text token t (after the image token) sits at t + N - 1 in the expanded sequence and is predicted one position earlier.
        var n = ModelFixture.Config.ImageTokenCount;
        var labels = batch.Labels.data<long>().ToArray();
        var length = (int)batch.Labels.shape[1];
        double sum = 0;
        var count = 0;
        for (var b = 0; b < 2; b++)
        for (var t = 0; t < length; t++)
        {
            var label = labels[b * length + t];
            if (label == MllmBatch.IgnoreIndex) continue;
            sum -= logProbs[b, t + n - 2, label].item<float>();
            count++;
        }
        var answerTokens = new[] { "shape-vqa", "scene-captions" }
            .Select((task, i) => LoRASculpt.Core.Benchmark.BenchmarkData.GenerateOne(task, "train", 1, i).Answer.Split(' ').Length + 1).Sum();
        Assert.Equal(answerTokens, count);
        Assert.Equal(sum / count, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_does_not_depend_on_prompt_labels_being_present_only_answers()
    {
        using var model = ModelFixture.NewModel();
        using var batch = ModelFixture.Batch("count-vqa");
        using var baseline = model.ComputeLoss(batch);
        // Supervising a prompt token as well changes the loss: the prompt positions really are excluded by -100.
        using var labels = batch.Labels.clone();
        labels[0, 4] = batch.InputIds[0, 4];
        using var withPrompt = new MllmBatch(batch.PixelValues.clone(), batch.InputIds.clone(), batch.AttentionMask.clone(), labels.clone());
        using var changed = model.ComputeLoss(withPrompt);
        Assert.NotEqual(baseline.item<float>(), changed.item<float>());
    }

    [Fact]
    public void Greedy_generation_is_deterministic_and_independent_of_batch_mates()
    {
        using var model = ModelFixture.NewModel(5);
        var samples = ModelFixture.Samples("icon-mc", 3).Concat(ModelFixture.Samples("text-ocr", 2)).ToArray();
        var prompts = samples.Select(s => PromptFormat.PromptIds(ModelFixture.Tokenizer, s.Question)).ToArray();
        var padTo = prompts.Max(p => p.Length);
        using var pixels = BatchCollator.PixelValues(samples);
        var first = model.Generate(pixels, prompts, 5, padTo);
        var second = model.Generate(pixels, prompts, 5, padTo);
        Assert.Equal(first, second);
        Assert.All(first, g => Assert.InRange(g.Length, 0, 5));
        Assert.All(first.SelectMany(g => g), id => Assert.True(id > SpecialTokens.UnknownId, $"special token {id} generated"));

        using var lastPixels = BatchCollator.PixelValues([samples[^1]]);
        var alone = model.Generate(lastPixels, [prompts[^1]], 5, padTo);
        Assert.Equal(first[^1], alone[0]);
    }

    [Fact]
    public void Initial_weights_are_variance_preserving_with_scaled_residual_outputs()
    {
        // Micro: text hidden 32 (64 in the MLP), 2 text layers; vision hidden 32 (64 in the MLP), 2 vision layers.
        using var model = ModelFixture.NewModel(5);
        var weights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double Std(string name) => weights[name].std().item<float>();
        Assert.Equal(1 / Math.Sqrt(32), Std("language_model.model.layers.0.self_attn.q_proj.weight"), 0.01);
        Assert.Equal(1 / Math.Sqrt(32), Std("language_model.lm_head.weight"), 0.01);
        Assert.Equal(1 / Math.Sqrt(32) / Math.Sqrt(4), Std("language_model.model.layers.1.self_attn.o_proj.weight"), 0.01);
        Assert.Equal(1 / Math.Sqrt(64) / Math.Sqrt(4), Std("language_model.model.layers.1.mlp.down_proj.weight"), 0.01);
        Assert.Equal(1 / Math.Sqrt(64) / Math.Sqrt(4), Std("vision_tower.vision_model.encoder.layers.0.mlp.fc2.weight"), 0.01);
        Assert.Equal(1 / Math.Sqrt(3 * 8 * 8), Std("vision_tower.vision_model.embeddings.patch_embedding.weight"), 0.01);
        Assert.Equal(1.0, Std("language_model.model.embed_tokens.weight"), 0.05);
        Assert.Equal(0f, weights["multi_modal_projector.linear_1.bias"].abs().max().item<float>());
        Assert.Equal(1f, weights["vision_tower.vision_model.pre_layrnorm.weight"].min().item<float>());
    }

    [Fact]
    public void Same_seed_gives_same_weights()
    {
        using var a = ModelFixture.NewModel(9);
        using var b = ModelFixture.NewModel(9);
        using var c = ModelFixture.NewModel(10);
        var wa = a.named_parameters().First(p => p.name.EndsWith("q_proj.weight")).parameter.data<float>().ToArray();
        Assert.Equal(wa, b.named_parameters().First(p => p.name.EndsWith("q_proj.weight")).parameter.data<float>().ToArray());
        Assert.NotEqual(wa, c.named_parameters().First(p => p.name.EndsWith("q_proj.weight")).parameter.data<float>().ToArray());
    }

    [Fact]
    public void Invalid_configs_are_rejected()
    {
        var bad = ModelPresets.Micro with { Vision = ModelPresets.Micro.Vision with { PatchSize = 7 } };
        Assert.Throws<ArgumentException>(() => new LlavaForConditionalGeneration(bad));
        Assert.NotEqual(ModelPresets.Micro.ConfigHash(), bad.ConfigHash());
        Assert.Equal(ModelPresets.Micro.ConfigHash(), (ModelPresets.Micro with { Name = "other" }).ConfigHash());
    }
}
