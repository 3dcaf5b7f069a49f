using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Model;

public sealed class GradientCheckpointingTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)] // dropout: the recomputation must replay the generator to see the same masks
    public void Checkpointed_layers_give_the_same_loss_and_lora_gradients(double dropout)
    {
        var (plainLoss, plainGrads) = LossAndLoraGradients(checkpointing: false, dropout);
        var (checkpointedLoss, checkpointedGrads) = LossAndLoraGradients(checkpointing: true, dropout);
        Assert.Equal(plainLoss, checkpointedLoss);
        Assert.Equal(plainGrads.Length, checkpointedGrads.Length);
        for (var i = 0; i < plainGrads.Length; i++)
        {
            Assert.Contains(plainGrads[i], g => g != 0);
            Assert.Equal(plainGrads[i], checkpointedGrads[i]);
        }
    }

    [Fact]
    public void Checkpointing_without_adapters_trains_every_decoder_weight_alike()
    {
        var plain = AllGradients(checkpointing: false);
        var checkpointed = AllGradients(checkpointing: true);
        Assert.Equal(plain.Keys.Order(), checkpointed.Keys.Order());
        foreach (var (name, grad) in plain)
            Assert.Equal(grad, checkpointed[name]);
    }

    private static (float Loss, float[][] Grads) LossAndLoraGradients(bool checkpointing, double dropout)
    {
        using var model = ModelFixture.NewModel();
        foreach (var p in model.parameters()) p.requires_grad = false;
        using var generator = new Generator(11);
        using var init = new Generator(12);
        var adapters = new List<LoraLinear>();
        foreach (var (name, layer) in model.AdaptableLayers().Where(l => l.Name.StartsWith("language_model", StringComparison.Ordinal)))
        {
            var lora = new LoraLinear(layer.InFeatures, layer.OutFeatures, rank: 2, loraAlpha: 4, dropout, generator);
            using (torch.no_grad())
                lora.B.copy_(torch.randn(lora.B.shape, generator: init).mul_(0.1));
            layer.SetAdapter(lora);
            adapters.Add(lora);
        }
        model.train();
        model.GradientCheckpointing = checkpointing;
        using var batch = ModelFixture.Batch("shape-vqa", "scene-captions");
        using var loss = model.ComputeLoss(batch);
        loss.backward();
        var grads = adapters.SelectMany(a => new[] { a.A, a.B }).Select(p => p.grad!.data<float>().ToArray()).ToArray();
        return (loss.item<float>(), grads);
    }

    private static Dictionary<string, float[]> AllGradients(bool checkpointing)
    {
        using var model = ModelFixture.NewModel();
        model.GradientCheckpointing = checkpointing;
        using var batch = ModelFixture.Batch("count-vqa");
        using var loss = model.ComputeLoss(batch);
        loss.backward();
        return model.named_parameters().Where(p => p.name.Contains(".layers.") && p.name.StartsWith("language_model", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());
    }
}
