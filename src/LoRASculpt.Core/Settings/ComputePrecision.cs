namespace LoRASculpt.Core.Settings;

/// <summary>The dtype the frozen base model computes in; LoRA weights and optimizer state are fp32 either way.</summary>
public enum ComputePrecision
{
    /// <summary>float32 everywhere (the default: exact on CPUs, and what the built-in tiny model was tested with).</summary>
    Fp32,
    /// <summary>bfloat16 base weights and activations (the paper's 7B runs).</summary>
    Bf16,
}
