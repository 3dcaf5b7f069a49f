using System.Globalization;

namespace LoRASculpt.Cli.Commands.Model;

/// <summary>The human-readable form of a <see cref="CheckpointInspection"/>: one section per concern, every figure exact.</summary>
public static class InspectionText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, CheckpointInspection i)
    {
        output.WriteLine($"Checkpoint {i.Directory}");
        output.WriteLine($"  layout: {i.Layout.Layout} (decided by key '{i.Layout.DecidingKey}')");
        if (i.VisionDirectory is not null)
            output.WriteLine($"  vision tower: {i.VisionDirectory} ({i.VisionLayout?.Layout}, decided by key '{i.VisionLayout?.DecidingKey}')");

        var c = i.Config;
        output.WriteLine($"Config: model_type {c.ModelType ?? "(none)"}, architectures [{string.Join(", ", c.Architectures)}], torch_dtype {c.TorchDtype}");
        var v = c.Vision;
        output.WriteLine($"  vision: image {v.ImageSize}, patch {v.PatchSize} ({v.Patches} patches), hidden {v.HiddenSize}, layers {v.Layers}, heads {v.Heads}, intermediate {v.IntermediateSize}, {v.HiddenAct}");
        var p = c.Projector;
        output.WriteLine($"  projector: {p.Type} ({p.HiddenAct}); features from layer {p.FeatureLayer} (hidden state {p.FeatureHiddenState}), strategy {p.FeatureStrategy}: {p.ImageTokens} image tokens");
        var t = c.Text;
        var vocab = t.TokenizerVocabSize == t.VocabSize ? $"{t.VocabSize}" : $"{t.VocabSize} rows ({t.TokenizerVocabSize} real tokens)";
        output.WriteLine($"  text: vocab {vocab}, hidden {t.HiddenSize}, layers {t.Layers}, heads {t.Heads}, kv heads {t.KeyValueHeads}, intermediate {t.IntermediateSize}, " +
            $"rope theta {t.RopeTheta.ToString("R", C)}, max positions {t.MaxPositionEmbeddings}, {t.HiddenAct}");
        output.WriteLine($"  tokens: image {c.ImageTokenId}, bos {Id(c.BosTokenId)}, eos {Id(c.EosTokenId)}, pad {Id(c.PadTokenId)}; image_aspect_ratio {c.ImageAspectRatio ?? "(not set)"}");

        output.WriteLine($"Shards: {i.Shards.Count} file(s), {Bytes(i.Shards.Sum(s => s.Bytes))}");
        foreach (var s in i.Shards)
            output.WriteLine($"  {Path.Combine(s.Directory, s.File)}  {Bytes(s.Bytes)}, {s.Tensors} tensors");

        output.WriteLine($"Tensors: {i.Totals.Tensors}, {Count(i.Totals.Parameters)} parameters, {Bytes(i.Totals.Bytes)}");
        foreach (var g in i.Components.Concat(i.Dtypes.Select(d => d with { Name = $"dtype {d.Name}" })))
            output.WriteLine($"  {g.Name,-22} {g.Tensors,6} tensors {Count(g.Parameters),18} parameters {Bytes(g.Bytes),22}");

        var k = i.Tokenizer;
        output.WriteLine($"Tokenizer: vocab {k.VocabSize}; bos {k.BosId}, eos {k.EosId}, pad {k.PadId}, image {k.ImageId}, unk {k.UnknownId}");
        output.WriteLine($"  added tokens: {string.Join(", ", k.AddedTokens.Select(a => $"{a.Content}={a.Id}"))}");

        var r = i.Preprocessor;
        output.WriteLine($"Preprocessor: {r.File}");
        output.WriteLine($"  resize {(r.DoResize ? $"{r.Size} ({r.Resample})" : "no")}, centre crop {(r.DoCenterCrop ? $"{r.CropHeight}x{r.CropWidth}" : "no")}, " +
            $"rescale {(r.DoRescale ? r.RescaleFactor.ToString("R", C) : "no")}, normalize {(r.DoNormalize ? $"mean [{Numbers(r.ImageMean)}] std [{Numbers(r.ImageStd)}]" : "no")}, " +
            $"pad to square {(r.PadToSquare ? "yes" : "no")} ({(c.ImageAspectRatio is null ? "config.json does not say: LLaVA-1.5's pad assumed" : $"image_aspect_ratio {c.ImageAspectRatio}")})");

        var keys = i.Keys;
        output.WriteLine(keys.Ok
            ? $"Keys: all {keys.Expected} expected weights present with the right shapes ({keys.Ignored} ignored on purpose)."
            : $"Keys: {keys.Matched} of {keys.Expected} expected weights match; {keys.Missing.Count} missing, {keys.Unexpected.Count} unexpected, " +
              $"{keys.Misshapen.Count} misshapen, {keys.Duplicated.Count} supplied twice ({keys.Ignored} ignored on purpose).");
        foreach (var (label, names) in new[] { ("missing", keys.Missing), ("unexpected", keys.Unexpected), ("misshapen", keys.Misshapen), ("supplied twice", keys.Duplicated) })
            foreach (var name in names)
                output.WriteLine($"  {label}: {name}");

        var m = i.Memory;
        output.WriteLine($"Memory: {Bytes(m.WeightBytes)} for {Count(m.Parameters)} weights as {m.Dtype}; {Bytes(m.Float32Bytes)} in float32.");
        output.WriteLine($"  {m.Note}");

        output.WriteLine(i.Ok ? "OK: the checkpoint loads." : $"PROBLEMS ({i.Problems.Count}):");
        foreach (var problem in i.Problems)
            output.WriteLine($"  - {problem}");
    }

    /// <summary>"14,126,854,144 bytes (13.16 GiB)": exact, with a readable size next to it.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        var exact = $"{bytes.ToString("N0", C)} bytes";
        if (bytes < 1024) return exact;
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{exact} ({value.ToString("F2", C)} {units[unit]})";
    }

    private static string Count(long value) => value.ToString("N0", C);

    private static string Id(int? id) => id?.ToString(C) ?? "(none)";

    private static string Numbers(IEnumerable<double> values) => string.Join(", ", values.Select(x => x.ToString("R", C)));
}
