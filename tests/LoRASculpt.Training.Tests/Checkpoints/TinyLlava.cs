using LoRASculpt.Training.Checkpoints;
using LoRASculpt.Training.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Tests.Checkpoints;

/// <summary>
/// A few nn.Linear / nn.Embedding / bare parameters and two buffers under llava-hf names: enough to load every
/// layout into by key without building the real model.
/// </summary>
internal static class TinyLlava
{
    public static nn.Module Create()
    {
        var root = new Node();
        root.Add("vision_tower.vision_model.embeddings", new Node(parameters: [("class_embedding", torch.zeros(4))], buffers: [("position_ids", torch.arange(3))]));
        root.Add("vision_tower.vision_model.encoder.layers.0.self_attn.q_proj", nn.Linear(4, 4));
        root.Add("multi_modal_projector.linear_1", nn.Linear(4, 3));
        root.Add("multi_modal_projector.linear_2", nn.Linear(3, 3));
        root.Add("language_model.model.embed_tokens", nn.Embedding(5, 3));
        root.Add("language_model.model.layers.0.self_attn.q_proj", nn.Linear(3, 3, hasBias: false));
        root.Add("language_model.model.layers.0.self_attn.rotary_emb", new Node(buffers: [("inv_freq", torch.tensor(new[] { 1f, 0.5f }))]));
        root.Add("language_model.model.norm", new Node(parameters: [("weight", torch.ones(3))]));
        root.Add("language_model.lm_head", nn.Linear(3, 5, hasBias: false));
        return root;
    }

    /// <summary>Distinct small multiples of 1/4 per entry: exact in bf16, so every layout's values compare exactly.</summary>
    public static Dictionary<string, Tensor> ExpectedValues(nn.Module module)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var i = 0;
        foreach (var (key, tensor) in module.state_dict().Where(p => !CheckpointKeyMap.IsBuffer(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            values[key] = ((torch.arange(tensor.numel(), dtype: torch.float32) % 16 - 8 + i) / 4).reshape(tensor.shape);
            i++;
        }
        return values;
    }

    /// <summary>Writes the values as a bf16 sharded checkpoint in <paramref name="layout"/>, with the buffers and extras real checkpoints carry.</summary>
    public static void WriteCheckpoint(IReadOnlyDictionary<string, Tensor> values, CheckpointLayout layout, string directory, string? visionDirectory)
    {
        using var scope = torch.NewDisposeScope();
        var main = new List<KeyValuePair<string, Tensor>>();
        var vision = new List<KeyValuePair<string, Tensor>>();
        foreach (var (modelKey, value) in values)
        {
            var bf16 = value.to_type(torch.bfloat16);
            if (CheckpointKeyMap.ToCheckpointKey(layout, modelKey) is { } key)
                main.Add(new(key, bf16));
            else
                vision.Add(new(CheckpointKeyMap.ToCheckpointKey(CheckpointLayout.Clip, modelKey)!, bf16));
        }
        main.Add(new(layout switch
        {
            CheckpointLayout.Transformers => "model.language_model.layers.0.self_attn.rotary_emb.inv_freq",
            CheckpointLayout.OriginalLlava => "model.layers.0.self_attn.rotary_emb.inv_freq",
            _ => "language_model.model.layers.0.self_attn.rotary_emb.inv_freq",
        }, torch.ones(2)));
        SafetensorsWriter.WriteSharded(directory, main, maxShardBytes: 64);
        if (vision.Count == 0) return;
        // The unused text half of a full CLIPModel, and its position_ids buffer.
        vision.Add(new("text_model.embeddings.token_embedding.weight", torch.ones(7, 2)));
        vision.Add(new("text_projection.weight", torch.ones(2, 2)));
        vision.Add(new("visual_projection.weight", torch.ones(2, 4)));
        vision.Add(new("logit_scale", torch.tensor(2.6592f)));
        vision.Add(new("vision_model.embeddings.position_ids", torch.arange(3).unsqueeze(0)));
        SafetensorsWriter.WriteSharded(visionDirectory!, vision, maxShardBytes: 1 << 20);
    }

    private sealed class Node : nn.Module
    {
        private readonly Dictionary<string, Node> _children = new(StringComparer.Ordinal);

        public Node((string Name, Tensor Value)[]? parameters = null, (string Name, Tensor Value)[]? buffers = null) : base("node")
        {
            foreach (var (name, value) in parameters ?? []) register_parameter(name, nn.Parameter(value));
            foreach (var (name, value) in buffers ?? []) register_buffer(name, value);
        }

        public void Add(string path, nn.Module leaf)
        {
            var dot = path.IndexOf('.');
            if (dot < 0)
            {
                register_module(path, leaf);
                return;
            }
            var head = path[..dot];
            if (!_children.TryGetValue(head, out var child))
            {
                child = new Node();
                _children[head] = child;
                register_module(head, child);
            }
            child.Add(path[(dot + 1)..], leaf);
        }
    }
}
