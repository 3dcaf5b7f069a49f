using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Pretraining;
using LoRASculpt.Training.Safetensors;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Finetuning;

/// <summary>End to end on the micro preset with a few pretraining steps: wiring, not learning.</summary>
public sealed class TrialRunnerTests : IDisposable
{
    private readonly MicroTrialRunner micro = new();

    private string directory => micro.Directory;

    private TrialRunner runner => micro.Runner;

    public void Dispose() => micro.Dispose();

    private static TrialSettings Micro(string method, params (string, string)[] extra) =>
        TrialSettings.Create(method, "micro-llava", "icon-mc", ["shape-vqa", "text-ocr"],
            new (string, string)[] { ("steps", "3"), ("batch_size", "2"), ("train_samples", "8"), ("eval_samples", "5"), ("rank", "2"), ("checkpoint_every", "0") }
                .Concat(extra).ToDictionary(p => p.Item1, p => p.Item2));

    private Dictionary<string, float[]> Weights() =>
        runner.BaseModel("micro-llava").named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone().data<float>().ToArray());

    [Fact]
    public void Trains_evaluates_shards_and_leaves_the_base_model_pristine()
    {
        var pristine = Weights();
        var settings = Micro("lorasculpt", ("prune_step", "1"), ("connector", "full"));
        var adapterPath = Path.Combine(directory, "a.safetensors");
        var report = runner.RunTrial(settings, new TrainOptions(adapterPath), null, CancellationToken.None);

        Assert.Equal(3, report.Tasks.Count);
        Assert.All(report.Tasks, t => Assert.Equal(5, t.Samples));
        Assert.Equal(3, report.Training.Diagnostics.Steps);
        Assert.Equal(2 * 7, report.Training.Diagnostics.Densities.Count);
        Assert.All(report.Training.Diagnostics.Densities, d => Assert.True(d.DensityA <= 0.1 + 1e-9));
        Assert.Contains("mean over q,k,v", report.Training.Diagnostics.Notes["cmr"]);
        var saved = SafetensorsFile.Read(adapterPath);
        Assert.Contains("base_model.model.multi_modal_projector.linear_1.weight", saved.Tensors.Keys);

        // Shards merge to exactly the full pass.
        var full = runner.Evaluate(settings, adapterPath, "icon-mc", 0, 1);
        var merged = Enumerable.Range(0, 3).SelectMany(i => runner.Evaluate(settings, adapterPath, "icon-mc", i, 3)).ToList();
        Assert.Equal(full.Select(p => (p.Id, p.Prediction)), merged.Select(p => (p.Id, p.Prediction)));

        // Only adapters changed: every base weight, including the fully trained connector, is back to its pristine value.
        var after = Weights();
        Assert.Equal(pristine.Keys, after.Keys);
        foreach (var (name, values) in pristine)
            Assert.True(values.AsSpan().SequenceEqual(after[name]), $"{name} changed");
        Assert.All(runner.BaseModel("micro-llava").AdaptableLayers(), l => Assert.Null(l.Layer.Adapter));
    }

    [Theory]
    [InlineData("dare")]
    [InlineData("model-tailor")]
    [InlineData("dora")]
    public void Post_hoc_and_dora_adapters_round_trip_through_the_file(string method)
    {
        var settings = Micro(method, ("tailor_batches", "1"));
        var path = Path.Combine(directory, method + ".safetensors");
        var result = runner.Train(settings, new TrainOptions(path), null, CancellationToken.None);
        Assert.Equal(method != "dora", result.Diagnostics.Notes.ContainsKey("post_hoc_density"));
        var model = runner.BaseModel("micro-llava");
        var layers = model.AdaptableLayers().ToDictionary(l => l.Name, l => l.Layer);
        using var loaded = AdapterFile.Load(path, m => layers[m].weight);
        Assert.Equal(method, loaded.Method);
        Assert.Equal(14, loaded.Deltas.Count);
        if (method == "dare")
        {
            // About 10% of entries survive (B is non-zero after 3 steps, so s B A is dense before dropping).
            var kept = loaded.Deltas.Values.Sum(d => d.ne(0).sum().item<long>()) / (double)loaded.Deltas.Values.Sum(d => d.numel());
            Assert.InRange(kept, 0.05, 0.15);
            Assert.Equal(kept, double.Parse(result.Diagnostics.Notes["post_hoc_density"], System.Globalization.CultureInfo.InvariantCulture), 4);
        }
        if (method == "model-tailor")
            Assert.All(loaded.Deltas.Values, d => Assert.Equal(MagnitudeMask.KeepCount(d.numel(), 0.1), d.ne(0).sum().item<long>()));
        Assert.NotEmpty(runner.Evaluate(settings, path, "shape-vqa", 0, 1));
    }
}
