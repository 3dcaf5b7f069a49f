using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Finetuning;
using LoRASculpt.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Tests.Adapters;

/// <summary>
/// A tiny stand-in with the LLaVA module names the injector looks for (vision tower with its own
/// q_proj, connector linear_1/linear_2, decoder layers with all seven projections), so the
/// adapter machinery is tested without the real model. Regression task on seeded random data.
/// </summary>
internal sealed class ToyMllm : nn.Module<Tensor, Tensor>, IFinetuningTask
{
    public const int Width = 6;
    private readonly Tensor inputs;
    private readonly Tensor targets;

    public ToyMllm(int seed = 1, int samples = 32) : base("toy")
    {
        torch.manual_seed(seed);
        vision_tower = new ToyVision();
        multi_modal_projector = new ToyProjector();
        language_model = new ToyLanguageModel();
        RegisterComponents();
        using var g = new Generator((ulong)seed + 100);
        inputs = torch.randn(new long[] { samples, Width }, generator: g).DetachFromDisposeScope();
        targets = torch.randn(new long[] { samples, Width }, generator: g).DetachFromDisposeScope();
    }

#pragma warning disable IDE1006
    public readonly ToyVision vision_tower;

    public readonly ToyProjector multi_modal_projector;

    public readonly ToyLanguageModel language_model;
#pragma warning restore IDE1006

    public int TrainSampleCount => (int)inputs.shape[0];

    public override Tensor forward(Tensor x)
    {
        var h = multi_modal_projector.forward(vision_tower.forward(x));
        return language_model.forward(h);
    }

    public Tensor TaskLoss(IReadOnlyList<int> sampleIndices)
    {
        using var index = torch.tensor(sampleIndices.Select(i => (long)i).ToArray());
        return F.mse_loss(forward(inputs.index_select(0, index)), targets.index_select(0, index));
    }

    public static TrialSettings Settings(string method, params (string Name, string Value)[] parameters) =>
        TrialSettings.Create(method, "tiny-llava", "icon-mc", [], parameters.ToDictionary(p => p.Name, p => p.Value));

    internal sealed class ToyVision : nn.Module<Tensor, Tensor>
    {
        public ToyVision() : base("vision")
        {
            var attn = new ToyAttention();
            var layer = new ModuleDict<nn.Module>();
            layer.Add(("self_attn", attn));
            var layers = new ModuleList<nn.Module>(layer);
            var encoder = new ModuleDict<nn.Module>();
            encoder.Add(("layers", layers));
            attention.Add(attn);
            register_module("encoder", encoder);
        }

        // A list, not a field, so the attention is registered once (under encoder.layers.0).
        private readonly List<ToyAttention> attention = [];

        public override Tensor forward(Tensor x) => x + attention[0].Mix(x);
    }

    internal sealed class ToyProjector : nn.Module<Tensor, Tensor>
    {
        public ToyProjector() : base("projector")
        {
            linear_1 = new AdaptableLinear(Width, Width, hasBias: true);
            linear_2 = new AdaptableLinear(Width, Width, hasBias: true);
            RegisterComponents();
        }

#pragma warning disable IDE1006
        public readonly AdaptableLinear linear_1;

        public readonly AdaptableLinear linear_2;
#pragma warning restore IDE1006

        public override Tensor forward(Tensor x) => linear_2.forward(F.gelu(linear_1.forward(x)));
    }

    internal sealed class ToyAttention : nn.Module
    {
        public ToyAttention() : base("attn")
        {
            q_proj = new AdaptableLinear(Width, Width, false);
            k_proj = new AdaptableLinear(Width, Width, false);
            v_proj = new AdaptableLinear(Width, Width, false);
            o_proj = new AdaptableLinear(Width, Width, false);
            RegisterComponents();
        }

#pragma warning disable IDE1006
        public readonly AdaptableLinear q_proj;

        public readonly AdaptableLinear k_proj;

        public readonly AdaptableLinear v_proj;

        public readonly AdaptableLinear o_proj;
#pragma warning restore IDE1006

        public Tensor Mix(Tensor x) => o_proj.forward(torch.tanh(q_proj.forward(x) * k_proj.forward(x)) * v_proj.forward(x));
    }

    internal sealed class ToyMlp : nn.Module
    {
        public ToyMlp() : base("mlp")
        {
            gate_proj = new AdaptableLinear(Width, 2 * Width, false);
            up_proj = new AdaptableLinear(Width, 2 * Width, false);
            down_proj = new AdaptableLinear(2 * Width, Width, false);
            RegisterComponents();
        }

#pragma warning disable IDE1006
        public readonly AdaptableLinear gate_proj;

        public readonly AdaptableLinear up_proj;

        public readonly AdaptableLinear down_proj;
#pragma warning restore IDE1006

        public Tensor Mix(Tensor x) => down_proj.forward(F.silu(gate_proj.forward(x)) * up_proj.forward(x));
    }

    internal sealed class ToyLanguageModel : nn.Module<Tensor, Tensor>
    {
        private readonly List<(ToyAttention Attn, ToyMlp Mlp)> blocks = [];

        public ToyLanguageModel() : base("lm")
        {
            var layers = new ModuleList<nn.Module>();
            for (var i = 0; i < 2; i++)
            {
                var attn = new ToyAttention();
                var mlp = new ToyMlp();
                var layer = new ModuleDict<nn.Module>();
                layer.Add(("self_attn", attn));
                layer.Add(("mlp", mlp));
                layers.Add(layer);
                blocks.Add((attn, mlp));
            }
            var model = new ModuleDict<nn.Module>();
            model.Add(("layers", layers));
            register_module("model", model);
        }

        public override Tensor forward(Tensor h)
        {
            foreach (var (attn, mlp) in blocks)
            {
                h = h + attn.Mix(h);
                h = h + mlp.Mix(h);
            }
            return h;
        }
    }
}
