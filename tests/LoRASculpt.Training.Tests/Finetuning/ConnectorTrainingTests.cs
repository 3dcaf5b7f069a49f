using LoRASculpt.Training.Diagnostics;
using LoRASculpt.Training.Tests.Adapters;

namespace LoRASculpt.Training.Tests.Finetuning;

/// <summary>connector=lora as the supplementary has it: the connector's LoRA trains at connector_lr and is sparsified by beta's L1 term, not hard-pruned unless asked.</summary>
public sealed class ConnectorTrainingTests
{
    private static readonly (string, string)[] Common =
    [
        ("rank", "3"), ("batch_size", "4"), ("warmup_ratio", "0"), ("lora_dropout", "0"), ("seed", "5"), ("connector", "lora"),
        ("lr", "0.01"), ("connector_lr", "0.0001"), ("checkpoint_every", "0"),
    ];

    [Theory]
    [InlineData("lora")]
    [InlineData("lorasculpt")]
    public void The_connector_lora_trains_at_connector_lr_and_the_decoder_at_lr(string method)
    {
        // B starts at zero and only B gets a gradient in step 1, where AdamW moves every entry with a gradient by
        // lr * g / (|g| + eps): the largest |B| after one step is the learning rate (to float precision).
        using var run = new ToyRun(ToyMllm.Settings(method, [.. Common, ("steps", "1"), .. method == "lorasculpt" ? new[] { ("prune_step", "0"), ("density", "1") } : []]));
        run.Run();
        Assert.All(run.Adapters.ConnectorModules, m => Assert.Equal(1e-4, m.Adapter.B.abs().max().item<float>(), 1e-7));
        Assert.All(run.Adapters.DecoderModules, m => Assert.Equal(1e-2, m.Adapter.B.abs().max().item<float>(), 1e-5));
    }

    [Theory]
    [InlineData("false", 1.0)]
    [InlineData("true", 0.5)]
    public void The_connector_lora_is_hard_pruned_only_when_prune_connector_asks(string pruneConnector, double connectorDensityA)
    {
        using var run = new ToyRun(ToyMllm.Settings("lorasculpt", [.. Common, ("steps", "3"), ("prune_step", "1"), ("density", "0.5"), ("prune_connector", pruneConnector)]));
        run.Run();
        Assert.All(run.Adapters.ConnectorModules, m => Assert.Equal(connectorDensityA, DensityMeter.Density(m.Adapter.A), 2));
        Assert.All(run.Adapters.DecoderModules, m => Assert.True(DensityMeter.Density(m.Adapter.A) <= 0.5));
    }
}
