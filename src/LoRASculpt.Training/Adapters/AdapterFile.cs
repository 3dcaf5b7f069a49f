using System.Globalization;
using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Adapters;

/// <summary>
/// A trained adapter as safetensors with PEFT-like names:
/// "base_model.model.{module}.lora_A.weight" / ".lora_B.weight" (/ ".lora_magnitude_vector" for DoRA),
/// "base_model.model.{module}.delta_weight" for the final update of post-hoc methods (DARE, Model Tailor),
/// and "base_model.model.multi_modal_projector.linear_N.weight|bias" when the connector was fully fine-tuned.
/// Metadata: format, method, lora_alpha, rank, and the canonical settings.
/// </summary>
public static class AdapterFile
{
    public const string Format = "lorasculpt-adapter/1";
    private const string PeftRoot = "base_model.model.";
    private const string DeltaSuffix = ".delta_weight";

    public static void Save(string path, TrialSettings settings, AdapterSet adapters, IReadOnlyDictionary<string, Tensor>? postHocDeltas = null)
    {
        var tensors = adapters.AdapterParameters.Select(p => new KeyValuePair<string, Tensor>(p.Name, p.Parameter))
            .Concat(adapters.FullConnectorParameters.Select(p => new KeyValuePair<string, Tensor>(PeftRoot + p.Name, p.Parameter)))
            .Concat((postHocDeltas ?? new Dictionary<string, Tensor>()).Select(d => new KeyValuePair<string, Tensor>(PeftRoot + d.Key + DeltaSuffix, d.Value)));
        var c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["method"] = settings.MethodName,
            ["rank"] = settings.Rank.ToString(c),
            ["lora_alpha"] = settings.LoraAlpha.ToString("R", c),
            // Reporting-only settings (the forgetting curve's) shape nothing in the file: left out so it is the same with or without curves.
            ["parameters"] = string.Join(";", settings.ToCanonicalParameters().Where(p => !TrialParameters.ReportingOnly.Contains(p.Key)).Select(p => $"{p.Key}={p.Value}")),
        };
        SafetensorsTorch.SaveTensors(path, tensors, metadata);
    }

    /// <summary>
    /// Reads an adapter and turns it into the weight update of every adapted module (by module name)
    /// plus replacement weights for a fully fine-tuned connector ("{module}.weight"/".bias").
    /// <paramref name="baseWeight"/> gives a module's frozen weight (DoRA's update depends on it).
    /// The caller disposes the returned tensors.
    /// </summary>
    public static LoadedAdapter Load(string path, Func<string, Tensor> baseWeight)
    {
        var tensors = SafetensorsTorch.LoadTensors(path, out var metadata);
        try
        {
            if (!metadata.TryGetValue("format", out var format) || format != Format)
                throw new InvalidDataException($"'{path}' is not a {Format} file.");
            var c = CultureInfo.InvariantCulture;
            var scaling = double.Parse(metadata["lora_alpha"], c) / int.Parse(metadata["rank"], c);
            var deltas = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var connector = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var key in tensors.Keys.Where(k => k.EndsWith(DeltaSuffix, StringComparison.Ordinal)))
                deltas[key[PeftRoot.Length..^DeltaSuffix.Length]] = tensors[key].clone();
            foreach (var key in tensors.Keys.Where(k => k.EndsWith(".lora_A.weight", StringComparison.Ordinal)))
            {
                var module = key[PeftRoot.Length..^".lora_A.weight".Length];
                if (deltas.ContainsKey(module)) continue;
                using var scope = torch.NewDisposeScope();
                var a = tensors[key];
                var b = tensors[$"{PeftRoot}{module}.lora_B.weight"];
                var delta = b.matmul(a).mul(scaling);
                if (tensors.TryGetValue($"{PeftRoot}{module}.lora_magnitude_vector", out var magnitude))
                {
                    // DoRA: W' = m (W + s B A) / ||W + s B A||_row.
                    var w = baseWeight(module);
                    var merged = w + delta;
                    delta = merged.mul((magnitude / merged.norm(1, keepdim: false, p: 2)).unsqueeze(1)).sub(w);
                }
                deltas[module] = delta.DetachFromDisposeScope();
            }
            foreach (var key in tensors.Keys.Where(k => !k.Contains(".lora_", StringComparison.Ordinal) && !k.EndsWith(DeltaSuffix, StringComparison.Ordinal)))
                connector[key[PeftRoot.Length..]] = tensors[key].clone();
            return new LoadedAdapter(metadata["method"], deltas, connector, metadata);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}

/// <summary>A loaded adapter: ΔW per module and full-connector weights by parameter name.</summary>
public sealed record LoadedAdapter(
    string Method,
    IReadOnlyDictionary<string, Tensor> Deltas,
    IReadOnlyDictionary<string, Tensor> ConnectorWeights,
    IReadOnlyDictionary<string, string> Metadata) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in Deltas.Values.Concat(ConnectorWeights.Values)) t.Dispose();
    }
}
