using System.Diagnostics;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Checkpoints;

/// <summary>
/// Loads a Hugging Face LLaVA-1.5 checkpoint into any module by key: each module state entry (llava-hf names) is found
/// under its layout's checkpoint key and read in place, keeping the module's dtype and device. Nothing is loaded unless
/// every key matches, and at most one tensor's temporary (a dtype conversion or device move) exists at a time, so peak
/// memory stays near the module's own size.
/// </summary>
public static class CheckpointLoader
{
    /// <param name="checkpointDirectory">A llava-hf, transformers or original-LLaVA safetensors directory.</param>
    /// <param name="visionDirectory">A CLIPModel directory for the vision tower (the original release keeps it apart); null otherwise.</param>
    public static CheckpointLoadReport Load(nn.Module module, string checkpointDirectory, string? visionDirectory = null)
    {
        var stopwatch = Stopwatch.StartNew();
        using var main = SafetensorsCheckpoint.Open(checkpointDirectory);
        using var vision = visionDirectory is null ? null : SafetensorsCheckpoint.Open(visionDirectory);

        var mainLayout = CheckpointLayoutDetector.Detect(main.Keys, $"checkpoint '{main.Directory}'");
        if (mainLayout.Layout == CheckpointLayout.Clip)
            throw new InvalidDataException($"Checkpoint '{main.Directory}' is a CLIP model (key '{mainLayout.DecidingKey}'); pass it as the vision directory next to a LLaVA checkpoint.");
        DetectedLayout? visionLayout = null;
        if (vision is not null)
        {
            visionLayout = CheckpointLayoutDetector.Detect(vision.Keys, $"vision checkpoint '{vision.Directory}'");
            if (visionLayout.Layout != CheckpointLayout.Clip)
                throw new InvalidDataException($"Vision checkpoint '{vision.Directory}' has the {visionLayout.Layout} layout (key '{visionLayout.DecidingKey}'), not a CLIP model's \"vision_model.*\" keys.");
        }

        var sources = new Dictionary<string, (SafetensorsCheckpoint Checkpoint, string Key)>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        AddSource(main, mainLayout.Layout, sources, unexpected);
        if (vision is not null) AddSource(vision, CheckpointLayout.Clip, sources, unexpected);

        var state = module.state_dict()
            .Where(p => !CheckpointKeyMap.IsBuffer(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var missing = state.Keys.Where(k => !sources.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        unexpected.AddRange(sources.Where(p => !state.ContainsKey(p.Key)).Select(p => p.Value.Key));
        unexpected.Sort(StringComparer.Ordinal);
        var misshapen = state
            .Where(p => sources.ContainsKey(p.Key))
            .Select(p => (p.Key, Target: p.Value, Info: sources[p.Key].Checkpoint.TensorInfo(sources[p.Key].Key)))
            .Where(t => !t.Info.Shape.SequenceEqual(t.Target.shape))
            .Select(t => $"{t.Key}: checkpoint {t.Info.ShapeText} vs module {SafetensorsTensorInfo.FormatShape(t.Target.shape)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || misshapen.Count > 0)
        {
            var hint = mainLayout.Layout == CheckpointLayout.OriginalLlava && vision is null && missing.Any(k => k.StartsWith("vision_tower.", StringComparison.Ordinal))
                ? "The original LLaVA release keeps the CLIP vision tower in its own directory: pass it as the vision directory."
                : null;
            var source = $"Checkpoint '{main.Directory}' ({mainLayout.Layout}, decided by key '{mainLayout.DecidingKey}')"
                + (vision is null ? "" : $" with vision checkpoint '{vision.Directory}'");
            throw new CheckpointMismatchException(source, missing, unexpected, misshapen, hint);
        }

        long bytes = 0;
        var dtypes = new SortedSet<string>(StringComparer.Ordinal);
        using (torch.no_grad())
        {
            foreach (var (key, target) in state)
            {
                var (checkpoint, checkpointKey) = sources[key];
                var info = checkpoint.TensorInfo(checkpointKey);
                checkpoint.ReadInto(checkpointKey, target);
                bytes += info.ByteLength;
                dtypes.Add(info.DType);
            }
        }
        return new CheckpointLoadReport(mainLayout, visionLayout, state.Count, bytes, dtypes.ToList(), stopwatch.Elapsed.TotalSeconds);
    }

    private static void AddSource(
        SafetensorsCheckpoint checkpoint,
        CheckpointLayout layout,
        Dictionary<string, (SafetensorsCheckpoint Checkpoint, string Key)> sources,
        List<string> unexpected)
    {
        foreach (var key in checkpoint.Keys)
        {
            if (CheckpointKeyMap.IsIgnored(layout, key)) continue;
            var modelKey = CheckpointKeyMap.ToModelKey(layout, key);
            if (modelKey is null)
            {
                unexpected.Add(key);
                continue;
            }
            if (sources.TryGetValue(modelKey, out var existing))
                throw new InvalidDataException(
                    $"'{modelKey}' is supplied twice: as '{existing.Key}' in '{existing.Checkpoint.Directory}' and as '{key}' in '{checkpoint.Directory}'.");
            sources[modelKey] = (checkpoint, key);
        }
    }
}
