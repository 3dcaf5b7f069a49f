using LoRASculpt.Core.Models;
using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Cli.Commands.Model;

/// <summary>
/// The weights (llava-hf keys and shapes) the model built from a config has: the very module the loader fills, built
/// on PyTorch's "meta" device, where tensors have a shape and a dtype but no storage, so a 7B config costs nothing.
/// </summary>
public static class ExpectedWeights
{
    public static IReadOnlyDictionary<string, long[]> Of(MllmConfig config)
    {
        var options = new ModelOptions { ParameterDtype = DtypeNames.Parse(config.TorchDtype), Device = new Device(DeviceType.META) };
        using var model = new LlavaForConditionalGeneration(config, options);
        return model.state_dict()
            .Where(p => !CheckpointKeyMap.IsBuffer(p.Key))
            .ToDictionary(p => p.Key, p => p.Value.shape, StringComparer.Ordinal);
    }
}
