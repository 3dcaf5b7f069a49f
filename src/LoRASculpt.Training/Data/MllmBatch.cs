using static TorchSharp.torch;

namespace LoRASculpt.Training.Data;

/// <summary>
/// A padded training batch. Each row of <see cref="InputIds"/> holds exactly one &lt;image&gt; token that the
/// model expands into the image's patch features. <see cref="Labels"/> has the same shape as the ids, with
/// <see cref="IgnoreIndex"/> wherever no loss is wanted (prompt, image, padding); label[t] is the target
/// of the token at t itself (the model shifts).
/// </summary>
public sealed class MllmBatch(Tensor pixelValues, Tensor inputIds, Tensor attentionMask, Tensor labels) : IDisposable
{
    public const long IgnoreIndex = -100;

    /// <summary>[B, C, H, W] float32 in [0, 1].</summary>
    public Tensor PixelValues { get; } = pixelValues;

    /// <summary>[B, T] int64.</summary>
    public Tensor InputIds { get; } = inputIds;

    /// <summary>[B, T] int64, 1 for real tokens, 0 for padding.</summary>
    public Tensor AttentionMask { get; } = attentionMask;

    /// <summary>[B, T] int64 targets or <see cref="IgnoreIndex"/>.</summary>
    public Tensor Labels { get; } = labels;

    public long Size => InputIds.shape[0];

    /// <summary>The same batch on <paramref name="device"/> (this one when it is already there); the caller's dispose scope owns the copies.</summary>
    public MllmBatch To(Device device) =>
        PixelValues.device == device ? this : new MllmBatch(PixelValues.to(device), InputIds.to(device), AttentionMask.to(device), Labels.to(device));

    public void Dispose()
    {
        PixelValues.Dispose();
        InputIds.Dispose();
        AttentionMask.Dispose();
        Labels.Dispose();
    }
}
