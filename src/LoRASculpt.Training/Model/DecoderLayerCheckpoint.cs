using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace LoRASculpt.Training.Model;

/// <summary>
/// Gradient checkpointing for one decoder layer (torch.utils.checkpoint, reentrant form), as a TorchSharp custom
/// autograd function: forward runs the layer without recording a graph and keeps only its inputs; backward reruns
/// the layer with autograd on and takes the gradients of the hidden-state input and of the layer's trainable
/// parameters (adapters). The adapters' dropout generators are rewound so the recomputation draws the same masks.
/// </summary>
internal sealed class DecoderLayerCheckpoint : SingleTensorFunction<DecoderLayerCheckpoint>
{
    private const int FixedInputs = 5;

    public override string Name => nameof(DecoderLayerCheckpoint);

    public static Tensor Run(LlamaDecoderLayer layer, Tensor x, Tensor mask, Tensor cos, Tensor sin)
    {
        var trainable = layer.parameters().Where(p => p.requires_grad).ToArray();
        if (!torch.is_grad_enabled() || (!x.requires_grad && trainable.Length == 0))
            return layer.forward(x, mask, cos, sin);
        var state = new LayerState(layer, trainable, GeneratorStates.Capture(layer));
        object[] vars = [x, mask, cos, sin, state, .. trainable];
        return apply(vars);
    }

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (x, mask, cos, sin) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3]);
        ctx.save_for_backward([x, mask, cos, sin]);
        ctx.save_data("state", vars[4]);
        return ((LayerState)vars[4]).Layer.forward(x, mask, cos, sin);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var state = (LayerState)ctx.get_data("state");
        using var enableGrad = torch.enable_grad();
        var x = saved[0].detach().requires_grad_(true);
        Tensor output;
        using (state.Generators.Rewind())
            output = state.Layer.forward(x, saved[1], saved[2], saved[3]);
        var grads = torch.autograd.grad([output], [x, .. state.Trainable], [gradOutput], allow_unused: true);
        var result = new List<Tensor> { grads[0] };
        result.AddRange(Enumerable.Repeat<Tensor>(null!, FixedInputs - 1));
        result.AddRange(grads.Skip(1));
        return result;
    }

    private sealed record LayerState(LlamaDecoderLayer Layer, Parameter[] Trainable, GeneratorStates Generators);
}

/// <summary>The states of a layer's adapter generators at forward time, to replay them during recomputation.</summary>
internal sealed class GeneratorStates
{
    private readonly (Generator Generator, Tensor State)[] states;

    private GeneratorStates((Generator, Tensor)[] states) => this.states = states;

    public static GeneratorStates Capture(nn.Module layer) =>
        new(layer.modules().OfType<IStochasticAdapter>().Select(a => a.DropoutGenerator).Distinct()
            // Detached from any dispose scope: backward may run after the forward pass's scope has ended.
            .Select(g => (g, g.get_state().DetachFromDisposeScope())).ToArray());

    /// <summary>Sets every generator back to its forward-time state; disposing the result restores the current states.</summary>
    public IDisposable Rewind()
    {
        var current = states.Select(s => (s.Generator, State: s.Generator.get_state())).ToArray();
        foreach (var (generator, state) in states) generator.set_state(state);
        return new Restore(current);
    }

    private sealed class Restore((Generator Generator, Tensor State)[] current) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (generator, state) in current) generator.set_state(state);
        }
    }
}
