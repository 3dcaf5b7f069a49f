using static TorchSharp.torch;

namespace LoRASculpt.Training.Devices;

/// <summary>Where a module's weights live: batches are moved there before a forward pass.</summary>
public static class ModuleDevice
{
    public static Device Of(nn.Module module) =>
        module.parameters().FirstOrDefault()?.device ?? TorchSharp.torch.CPU;
}
