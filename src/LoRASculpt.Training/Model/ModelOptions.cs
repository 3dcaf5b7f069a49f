using LoRASculpt.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Model;

/// <summary>
/// How a model's tensors are stored and computed. Parameters live in <see cref="ParameterDtype"/> on <see cref="Device"/>;
/// activations run in <see cref="ComputeDtype"/> (null = the parameter dtype), each weight cast to it where used, so
/// float32 parameters can compute in bfloat16 and bfloat16 checkpoints can compute in float32.
/// <see cref="GradientCheckpointing"/> recomputes each decoder layer's activations in backward instead of keeping them.
/// </summary>
public sealed record ModelOptions
{
    public ScalarType ParameterDtype { get; init; } = ScalarType.Float32;

    public ScalarType? ComputeDtype { get; init; }

    public Device? Device { get; init; }

    public bool GradientCheckpointing { get; init; }

    /// <summary>
    /// The projector's parameter dtype (null = <see cref="ParameterDtype"/>). connector=full trains it with AdamW, and
    /// updates at lr 2e-5 vanish in bf16 rounding, so checkpoints keep it as float32 master weights; the forward casts
    /// it to the activation dtype as before, so a bf16 checkpoint's outputs are unchanged (bf16 to fp32 is exact).
    /// </summary>
    public ScalarType? ProjectorDtype { get; init; }

    public Device TargetDevice => Device ?? torch.CPU;

    public static ModelOptions Default { get; } = new();

    /// <summary>Parameters in the checkpoint's own dtype (config.json torch_dtype), as transformers loads with torch_dtype="auto".</summary>
    public static ModelOptions ForCheckpoint(MllmConfig config, Device? device = null) =>
        new() { ParameterDtype = DtypeNames.Parse(config.TorchDtype), Device = device };
}
