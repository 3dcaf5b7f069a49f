using LoRASculpt.Core.Models;
using LoRASculpt.Training.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>
/// A LLaVA-1.5-shaped MLLM. Children and parameter names follow Hugging Face LlavaForConditionalGeneration
/// (vision_tower.vision_model.*, multi_modal_projector.linear_1/2, language_model.model.*, language_model.lm_head),
/// so real checkpoints map one to one. The image's features from <see cref="MllmConfig.VisionFeatureLayer"/> (class token
/// dropped under the "default" strategy, kept under "full") are projected and put at the &lt;image&gt; token(s).
/// Parameters are created empty in <see cref="ModelOptions.ParameterDtype"/> on <see cref="ModelOptions.Device"/> (load
/// a state dict, or use <see cref="Create"/>); activations run in <see cref="ActivationDtype"/> and logits
/// come out in float32, cut to the tokenizer's vocabulary.
/// </summary>
public sealed class LlavaForConditionalGeneration : nn.Module
{
#pragma warning disable IDE1006
    private readonly ClipVisionModel vision_tower;
    private readonly MultiModalProjector multi_modal_projector;
    private readonly LlamaForCausalLM language_model;
#pragma warning restore IDE1006

    public LlavaForConditionalGeneration(MllmConfig config, ModelOptions? options = null) : base("llava")
    {
        config.Validate();
        Config = config;
        Options = options ?? ModelOptions.Default;
        var parameters = ParameterFactory.For(Options);
        vision_tower = new ClipVisionModel(config.Vision, parameters);
        var projectorParameters = Options.ProjectorDtype is { } projectorDtype ? new ParameterFactory(projectorDtype, Options.TargetDevice) : parameters;
        multi_modal_projector = new MultiModalProjector(config.Vision.HiddenSize, config.Text.HiddenSize, config.ProjectorHiddenAct, projectorParameters);
        language_model = new LlamaForCausalLM(config.Text, parameters);
        RegisterComponents();
        GradientCheckpointing = Options.GradientCheckpointing;
    }

    public MllmConfig Config { get; }

    public ModelOptions Options { get; }

    /// <summary>Recompute each decoder layer's activations in backward instead of keeping them (less memory, one more forward).</summary>
    public bool GradientCheckpointing
    {
        get => language_model.Model.GradientCheckpointing;
        set => language_model.Model.GradientCheckpointing = value;
    }

    /// <summary>Where the parameters live (read from them, so a later module.to(device) counts); inputs are moved here.</summary>
    public Device Device => language_model.Model.EmbeddingWeight.device;

    /// <summary>The dtype activations run in: <see cref="ModelOptions.ComputeDtype"/>, else the parameters' own.</summary>
    public ScalarType ActivationDtype => Options.ComputeDtype ?? language_model.Model.EmbeddingWeight.dtype;

    public ClipVisionModel VisionTower => vision_tower;

    public MultiModalProjector Projector => multi_modal_projector;

    public LlamaForCausalLM LanguageModel => language_model;

    /// <summary>
    /// A model with weights drawn from <paramref name="seed"/>: zero biases, unit norms, unit-scale embeddings,
    /// N(0, 1/fan_in) linear and patch-embedding weights, residual output projections scaled by 1/sqrt(2 * layers)
    /// (see <see cref="MatrixStd"/>; <see cref="InitScheme"/> names this scheme in the base-model key). The draws are
    /// made in float32 on the CPU and then copied into each parameter, so every dtype and device gets the same weights
    /// (rounded to the dtype).
    /// </summary>
    public static LlavaForConditionalGeneration Create(MllmConfig config, long seed, ModelOptions? options = null)
    {
        var model = new LlavaForConditionalGeneration(config, options);
        // A private generator: the global one is shared with every other thread (tests run in parallel).
        using var generator = new torch.Generator((ulong)seed);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            using var draw = torch.empty(p.shape, ScalarType.Float32);
            if (name.EndsWith(".bias", StringComparison.Ordinal)) draw.zero_();
            else if (name.EndsWith("norm.weight", StringComparison.Ordinal) || name.Contains("layer_norm") || name.Contains("layrnorm")) draw.fill_(1);
            else if (name.EndsWith("patch_embedding.weight", StringComparison.Ordinal)) draw.normal_(0, 1.0 / Math.Sqrt(p.shape[1] * p.shape[2] * p.shape[3]), generator);
            else if (p.dim() == 2 && !name.Contains("embed", StringComparison.Ordinal)) draw.normal_(0, MatrixStd(config, name, p.shape[1]), generator);
            else draw.normal_(0, EmbeddingStd, generator);
            p.copy_(draw);
        }
        return model;
    }

    /// <summary>Names the initialisation below; pretrained weights depend on it, so it is part of the base-model key.</summary>
    public const string InitScheme = "fanin-resid";

    /// <summary>Token, position and class embeddings: unit scale, like the image features the projector emits at init.</summary>
    private const double EmbeddingStd = 1.0;

    /// <summary>
    /// Linear weights get N(0, 1/fan_in) (variance-preserving; HF's fixed 0.02 equals that only at width ~2500, and at width
    /// 96-128 it makes attention logits and their gradients ~20x too small, so the tiny model never learns to look at
    /// image tokens). Residual output projections are further scaled by 1/sqrt(2 * layers) (GPT-2) so the stack starts
    /// close to identity.
    /// </summary>
    private static double MatrixStd(MllmConfig config, string name, long fanIn)
    {
        var std = 1.0 / Math.Sqrt(fanIn);
        var residualOut = name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal)
            ? config.Text.NumLayers
            : name.EndsWith("out_proj.weight", StringComparison.Ordinal) || name.EndsWith("fc2.weight", StringComparison.Ordinal) ? config.Vision.NumLayers : 0;
        return residualOut > 0 ? std / Math.Sqrt(2.0 * residualOut) : std;
    }

    /// <summary>Every linear layer an adapter may wrap: the projector's linear_1/2 and the LM's q,k,v,o,gate,up,down, with full names.</summary>
    public IReadOnlyList<(string Name, AdaptableLinear Layer)> AdaptableLayers() =>
        named_modules().Where(m => m.module is AdaptableLinear).Select(m => (m.name, (AdaptableLinear)m.module)).ToArray();

    /// <summary>
    /// Projected image features [B, ImageTokenCount, text hidden] in the activation dtype for pixel values [B, C, H, W]
    /// (any dtype and device: they are moved to the model's).
    /// </summary>
    public Tensor EncodeImages(Tensor pixelValues)
    {
        var pixels = pixelValues.to(ActivationDtype, Device);
        var hidden = vision_tower.HiddenState(pixels, Config.FeatureHiddenStateIndex);
        var selected = Config.KeepsClassFeature ? hidden : hidden[.., 1..];
        return multi_modal_projector.forward(selected);
    }

    /// <summary>
    /// Float32 logits [B, T', RealVocabSize] over the sequence with the image features in place: T' = T + N - 1 for one
    /// &lt;image&gt; token per row, T for N expanded ones.
    /// </summary>
    public Tensor Logits(Tensor pixelValues, Tensor inputIds, Tensor attentionMask) =>
        LogitsFromFeatures(EncodeImages(pixelValues), inputIds, attentionMask, out _);

    /// <summary>
    /// Mean next-token cross-entropy over the supervised tokens (labels != -100); prompt, image slots and padding
    /// contribute nothing.
    /// </summary>
    public Tensor ComputeLoss(MllmBatch batch)
    {
        var logits = LogitsFromFeatures(EncodeImages(batch.PixelValues), batch.InputIds, batch.AttentionMask, out var textIndex);
        var labels = ExpandLabels(batch.Labels, textIndex, logits.device);
        var vocab = logits.shape[^1];
        var predicted = logits[.., ..^1].reshape(-1, vocab);
        var targets = labels[.., 1..].reshape(-1);
        return F.cross_entropy(predicted, targets, ignore_index: MllmBatch.IgnoreIndex);
    }

    /// <summary>
    /// Greedy decoding without a KV cache: each step re-runs the decoder on the left-padded sequences (the image
    /// features are computed once). Returns the generated ids per row, without the config's EOS. Never emits pad, bos,
    /// image or unk ids, nor an embedding padding row (HF's suppress_tokens: a second &lt;image&gt; would be spliced as features).
    /// <paramref name="padPromptsTo"/> left-pads every prompt to at least that length, so a row's input (and
    /// hence its output, bit for bit) does not depend on which other rows share its batch.
    /// </summary>
    public int[][] Generate(Tensor pixelValues, IReadOnlyList<int[]> promptIds, int maxNewTokens, int padPromptsTo = 0)
    {
        if (pixelValues.shape[0] != promptIds.Count) throw new ArgumentException("One prompt per image is required.", nameof(promptIds));
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var features = EncodeImages(pixelValues);
        var suppressed = torch.tensor(SuppressedIds(), device: Device);
        var generated = promptIds.Select(_ => new List<int>()).ToArray();
        var finished = new bool[promptIds.Count];
        for (var step = 0; step < maxNewTokens && finished.Contains(false); step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var rows = promptIds.Select((p, b) => p.Concat(generated[b]).ToArray()).ToArray();
            var (ids, mask) = LeftPad(rows, padPromptsTo + step, Config.PadTokenId ?? 0, Device);
            var logits = LogitsFromFeatures(features, ids, mask, out _);
            var last = logits[.., -1];
            if (suppressed.numel() > 0) last.index_fill_(-1, suppressed, float.NegativeInfinity);
            var next = last.argmax(-1).cpu().data<long>().ToArray();
            for (var b = 0; b < rows.Length; b++)
            {
                if (finished[b]) continue;
                if (next[b] == Config.EosTokenId) finished[b] = true;
                else generated[b].Add((int)next[b]);
            }
        }
        return generated.Select(g => g.ToArray()).ToArray();
    }

    /// <summary>The special ids generation must not emit that lie inside the logits (the image id may not).</summary>
    private long[] SuppressedIds() =>
        new int?[] { Config.PadTokenId, Config.BosTokenId, Config.ImageTokenId, Config.UnknownTokenId }
            .Where(id => id is { } v && v >= 0 && v < Config.RealVocabSize && v != Config.EosTokenId)
            .Select(id => (long)id!.Value).Distinct().ToArray();

    private Tensor LogitsFromFeatures(Tensor features, Tensor inputIds, Tensor attentionMask, out int[] textIndex)
    {
        var (batch, length) = ((int)inputIds.shape[0], (int)inputIds.shape[1]);
        var imageTokens = (int)features.shape[1];
        var ids = inputIds.cpu().data<long>().ToArray();
        var (source, index) = ImageTokenSplicer.Plan(ids, batch, length, imageTokens, Config.ImageTokenId);
        textIndex = index;
        var expanded = index.Length / batch;

        // Image positions are embedded as id 0 and then replaced (as HF does): the image id may lie outside the
        // table (-200 in the original layout, 32000 in a 32000-row embedding).
        var deviceIds = inputIds.to(ScalarType.Int64, Device);
        var lookupIds = deviceIds.masked_fill(deviceIds.eq(Config.ImageTokenId), 0);
        var text = language_model.EmbedTokens(lookupIds).CastTo(features.dtype);
        var combined = torch.cat([text, features], 1);
        var gatherIndex = torch.tensor(source, [batch, expanded], device: Device).unsqueeze(-1).expand(-1, -1, combined.shape[2]);
        var embeds = combined.gather(1, gatherIndex);

        var textMask = attentionMask.cpu().to_type(ScalarType.Int64).data<long>().ToArray();
        var mask = new long[batch * expanded];
        var positions = new long[batch * expanded];
        for (var b = 0; b < batch; b++)
        {
            long next = 0;
            for (var j = 0; j < expanded; j++)
            {
                var o = b * expanded + j;
                mask[o] = index[o] < 0 ? 1 : textMask[b * length + index[o]];
                // Positions count real tokens only (left padding starts at 0 on the first real token, as in HF generate).
                positions[o] = mask[o] == 1 ? next++ : 0;
            }
        }
        var logits = language_model.Logits(embeds, torch.tensor(mask, [batch, expanded], device: Device), torch.tensor(positions, [batch, expanded], device: Device));
        // Padding rows of the embedding (llava-hf: 32002 tokens in 32064 rows) are no tokens: never predicted.
        var real = Config.RealVocabSize < logits.shape[^1] ? logits[TensorIndex.Ellipsis, TensorIndex.Slice(0, Config.RealVocabSize)] : logits;
        return real.CastTo(ScalarType.Float32);
    }

    private static Tensor ExpandLabels(Tensor labels, int[] textIndex, Device device)
    {
        var (batch, length) = ((int)labels.shape[0], (int)labels.shape[1]);
        var source = labels.cpu().data<long>().ToArray();
        var expanded = textIndex.Length / batch;
        var result = new long[textIndex.Length];
        for (var b = 0; b < batch; b++)
        for (var j = 0; j < expanded; j++)
        {
            var t = textIndex[b * expanded + j];
            result[b * expanded + j] = t < 0 ? MllmBatch.IgnoreIndex : source[b * length + t];
        }
        return torch.tensor(result, [batch, expanded], device: device);
    }

    private static (Tensor Ids, Tensor Mask) LeftPad(int[][] rows, int minLength, int padId, Device device)
    {
        var length = Math.Max(minLength, rows.Max(r => r.Length));
        var ids = new long[rows.Length * length];
        var mask = new long[rows.Length * length];
        for (var b = 0; b < rows.Length; b++)
        {
            var pad = length - rows[b].Length;
            for (var t = 0; t < pad; t++) ids[b * length + t] = padId;
            for (var t = 0; t < rows[b].Length; t++)
            {
                ids[b * length + pad + t] = rows[b][t];
                mask[b * length + pad + t] = 1;
            }
        }
        return (torch.tensor(ids, [rows.Length, length], device: device), torch.tensor(mask, [rows.Length, length], device: device));
    }
}
