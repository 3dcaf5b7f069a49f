using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>
/// Creates a model's parameters uninitialised (torch.empty) in the target dtype, directly on the target device: a
/// checkpoint's weights overwrite them, so a 7B model never allocates float32 copies or spends minutes in random init.
/// <see cref="LlavaForConditionalGeneration.Create"/> fills them from a seed.
/// </summary>
public sealed class ParameterFactory(ScalarType dtype, Device device)
{
    public ScalarType Dtype { get; } = dtype;

    public Device Device { get; } = device;

    public static ParameterFactory For(ModelOptions options) => new(options.ParameterDtype, options.TargetDevice);

    public Parameter Empty(params long[] shape) => nn.Parameter(torch.empty(shape, Dtype, Device));
}
