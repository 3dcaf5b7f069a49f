using System.Collections;

namespace LoRASculpt.Benchmarks.Checkpoints;

/// <summary>
/// Tensor names (llava-hf) and shapes of a LLaMA-shaped language model scaled to a byte budget in bf16: vocabulary 32064,
/// hidden size chosen so embed_tokens + lm_head take about a fifth of it, MLP width 11008/4096 of the hidden size,
/// as many layers as fit (at least one).
/// </summary>
internal sealed class LlamaLikeShapes : IReadOnlyList<(string Name, long[] Shape)>
{
    private const long Vocabulary = 32064;
    private readonly List<(string Name, long[] Shape)> _tensors = [];

    private LlamaLikeShapes(long hidden, long intermediate, int layers)
    {
        (Hidden, Intermediate, Layers) = (hidden, intermediate, layers);
    }

    public long Hidden { get; }

    public long Intermediate { get; }

    public int Layers { get; }

    public int Count => _tensors.Count;

    public (string Name, long[] Shape) this[int index] => _tensors[index];

    public static LlamaLikeShapes For(long budgetBytes, long extraTensorBytes)
    {
        var hidden = Math.Max(128, budgetBytes / 5 / (2 * 2 * Vocabulary) / 128 * 128);
        var intermediate = (hidden * 11008 / 4096 + 63) / 64 * 64;
        var layerBytes = 2 * (4 * hidden * hidden + 3 * hidden * intermediate + 2 * hidden);
        var layers = (int)Math.Max(1, (budgetBytes - 2 * 2 * Vocabulary * hidden - 2 * hidden) / layerBytes);
        var shapes = new LlamaLikeShapes(hidden, intermediate, layers);
        var t = shapes._tensors;
        t.Add(("language_model.model.embed_tokens.weight", [Vocabulary, hidden]));
        for (var i = 0; i < layers; i++)
        {
            var p = $"language_model.model.layers.{i}.";
            foreach (var proj in new[] { "q_proj", "k_proj", "v_proj", "o_proj" }) t.Add(($"{p}self_attn.{proj}.weight", [hidden, hidden]));
            t.Add(($"{p}mlp.gate_proj.weight", [intermediate, hidden]));
            t.Add(($"{p}mlp.up_proj.weight", [intermediate, hidden]));
            t.Add(($"{p}mlp.down_proj.weight", [hidden, intermediate]));
            t.Add(($"{p}input_layernorm.weight", [hidden]));
            t.Add(($"{p}post_attention_layernorm.weight", [hidden]));
        }
        t.Add(("language_model.model.norm.weight", [hidden]));
        t.Add(("language_model.lm_head.weight", [Vocabulary, hidden]));
        // One tensor of the requested size (rows of 4096 bf16), e.g. over 2 GB to exercise the >2 GB tensor path.
        if (extraTensorBytes > 0) t.Add(("extra.large_tensor", [Math.Max(1, extraTensorBytes / 8192), 4096]));
        return shapes;
    }

    public IEnumerator<(string Name, long[] Shape)> GetEnumerator() => _tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
