using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>Top-k magnitude masks for one-shot pruning (method.md Sec. 1).</summary>
public static class MagnitudeMask
{
    /// <summary>
    /// A 0/1 float mask of <paramref name="values"/>' shape keeping exactly floor(density * numel)
    /// entries with the largest |value|. Ties are broken by the lower flat (row-major) index, so the
    /// mask is deterministic even when many entries are equal (e.g. an all-zero B pruned at step 0).
    /// </summary>
    public static Tensor TopK(Tensor values, double density)
    {
        if (!(density > 0 && density <= 1))
            throw new ArgumentOutOfRangeException(nameof(density), density, "Density (keep ratio) must be in (0, 1].");
        float[] flat;
        using (var cpu = values.detach().cpu().to_type(ScalarType.Float32).contiguous().reshape(-1))
            flat = cpu.data<float>().ToArray();
        var keep = KeepCount(flat.Length, density);
        var order = Enumerable.Range(0, flat.Length).ToArray();
        var magnitudes = flat.Select(MathF.Abs).ToArray();
        Array.Sort(order, (i, j) =>
        {
            var byMagnitude = magnitudes[j].CompareTo(magnitudes[i]);
            return byMagnitude != 0 ? byMagnitude : i.CompareTo(j);
        });
        var mask = new float[flat.Length];
        for (var n = 0; n < keep; n++) mask[order[n]] = 1f;
        return torch.tensor(mask, values.shape, ScalarType.Float32).to(values.device).DetachFromDisposeScope();
    }

    /// <summary>floor(density * numel), with a tolerance so that e.g. 0.1 * 1000 keeps 100, not 99.</summary>
    public static int KeepCount(long numel, double density) => (int)Math.Floor(density * numel + 1e-9);
}
