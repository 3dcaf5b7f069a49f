using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.PostHoc;
using LoRASculpt.Training.Tests.Adapters;
using LoRASculpt.Training.Tests.Finetuning;
using TorchSharp;

namespace LoRASculpt.Training.Tests.PostHoc;

public sealed class ModelTailorTests
{
    [Fact]
    public void Grafts_back_exactly_the_most_salient_fraction_of_each_update()
    {
        using var run = new ToyRun(ToyMllm.Settings("model-tailor", ("steps", "10"), ("lr", "0.02"), ("batch_size", "8")));
        run.Run();
        var grafted = ModelTailor.Apply(run.Adapters, run.Model, keep: 0.1, batches: 2, batchSize: 8, seed: 0);
        var fisher = ModelTailor.FisherDiagonal(run.Adapters, run.Model, batches: 2, batchSize: 8, seed: 0);
        var deltas = run.Adapters.DeltaWeights();
        try
        {
            foreach (var m in run.Adapters.Modules)
            {
                var g = grafted[m.Name];
                var d = deltas[m.Name];
                var keep = MagnitudeMask.KeepCount(d.numel(), 0.1);
                using var kept = g.ne(0);
                Assert.Equal(keep, (int)kept.sum().item<long>());
                Assert.True(g.masked_select(kept).eq(d.masked_select(kept)).all().item<bool>());
                using var score = d.abs() * fisher[m.Name];
                Assert.True(score.masked_select(kept).min().item<float>() >= score.masked_select(kept.logical_not()).max().item<float>());
            }
            // Fisher estimation must leave the base weights frozen and gradient-free.
            Assert.All(run.Adapters.Modules, m => Assert.False(m.Layer.weight.requires_grad));
        }
        finally
        {
            foreach (var t in grafted.Values.Concat(fisher.Values).Concat(deltas.Values)) t.Dispose();
        }
    }
}
