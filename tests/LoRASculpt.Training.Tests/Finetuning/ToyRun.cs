using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Tests.Adapters;
using TorchSharp;

namespace LoRASculpt.Training.Tests.Finetuning;

/// <summary>One fine-tuning run on a fresh toy model, as a new process would do it.</summary>
internal sealed class ToyRun : IDisposable
{
    public ToyRun(TrialSettings settings)
    {
        Settings = settings;
        Model = new ToyMllm();
        Generator = new torch.Generator((ulong)settings.Seed);
        Adapters = AdapterInjector.Inject(Model, settings, Generator);
        Tuner = new FineTuner(settings, Adapters, Model, Generator);
    }

    public TrialSettings Settings { get; }

    public ToyMllm Model { get; }

    public torch.Generator Generator { get; }

    public AdapterSet Adapters { get; }

    public FineTuner Tuner { get; }

    public FineTuneResult Run(string? checkpoints = null, IProgress<TrainProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Tuner.Run(checkpoints, progress, cancellationToken);

    /// <summary>Every trainable tensor's raw bits, by name.</summary>
    public Dictionary<string, float[]> Snapshot() =>
        Adapters.TrainableParameters.ToDictionary(p => p.Name, p => p.Parameter.detach().clone().data<float>().ToArray());

    public void Dispose()
    {
        Tuner.Masks.Dispose();
        Adapters.Dispose();
        Model.Dispose();
        Generator.Dispose();
    }
}
