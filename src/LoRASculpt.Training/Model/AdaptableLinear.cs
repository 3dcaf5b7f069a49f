using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LoRASculpt.Training.Model;

/// <summary>
/// nn.Linear with a slot for an adapter. Parameter names match Hugging Face ("weight", "bias"),
/// so checkpoints load unchanged; an attached adapter registers as the child "adapter" whose own
/// parameters carry PEFT-style names (lora_A, lora_B, ...). Without a <see cref="ParameterFactory"/> the weights get
/// torch.nn.Linear's random initialisation; with one they are created empty in its dtype and device. The weight is
/// cast to the input's dtype where used (the adapter receives it as stored and does its own casting).
/// </summary>
public sealed class AdaptableLinear : nn.Module<Tensor, Tensor>
{
    private nn.Module? adapterModule;

    public AdaptableLinear(long inFeatures, long outFeatures, bool hasBias, string name = "linear", ParameterFactory? parameters = null)
        : base(name)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        if (parameters is not null)
        {
            weight = parameters.Empty(outFeatures, inFeatures);
            if (hasBias) bias = parameters.Empty(outFeatures);
        }
        else
        {
            var init = torch.empty(outFeatures, inFeatures);
            // Same default initialisation as torch.nn.Linear.
            nn.init.kaiming_uniform_(init, a: Math.Sqrt(5));
            weight = nn.Parameter(init);
            if (hasBias)
            {
                var bound = 1.0 / Math.Sqrt(inFeatures);
                bias = nn.Parameter(torch.empty(outFeatures).uniform_(-bound, bound));
            }
        }
        // Registered by hand: RegisterComponents would name the auto-properties' backing fields
        // ("<weight>k__BackingField") instead of the Hugging Face names.
        register_parameter("weight", weight);
        if (bias is not null)
            register_parameter("bias", bias);
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

#pragma warning disable IDE1006 // Hugging Face parameter names are lower case.
    public Parameter weight { get; }

    public Parameter? bias { get; }
#pragma warning restore IDE1006

    /// <summary>The attached adapter, or null for a plain linear layer.</summary>
    public ILinearAdapter? Adapter => adapterModule as ILinearAdapter;

    /// <summary>Attaches (or, with null, removes) an adapter module; it must implement <see cref="ILinearAdapter"/>.</summary>
    public void SetAdapter(nn.Module? adapter)
    {
        if (adapter is not null and not ILinearAdapter)
            throw new ArgumentException($"{adapter.GetType().Name} does not implement {nameof(ILinearAdapter)}.", nameof(adapter));
        if (adapterModule is not null)
        {
            // Unregister by replacing the child registration.
            _internal_submodules.Remove("adapter");
        }
        adapterModule = adapter;
        if (adapter is not null)
            register_module("adapter", adapter);
    }

    public override Tensor forward(Tensor input) =>
        adapterModule is ILinearAdapter adapter
            ? adapter.Forward(input, weight, bias)
            : F.linear(input, weight.CastLike(input), bias?.CastLike(input));
}
