namespace LoRASculpt.Core.Settings;

/// <summary>The fine-tuning methods a trial can run, by the names sweep files and the CLI use.</summary>
public enum TrainingMethod
{
    Lora,
    LoraSculpt,
    Dora,
    L2,
    OrthReg,
    Dare,
    ModelTailor,
}

public static class TrainingMethods
{
    public const string Lora = "lora";
    public const string LoraSculpt = "lorasculpt";
    public const string Dora = "dora";
    public const string L2 = "l2";
    public const string OrthReg = "orthreg";
    public const string Dare = "dare";
    public const string ModelTailor = "model-tailor";

    public static IReadOnlyList<string> Names { get; } = [Lora, LoraSculpt, Dora, L2, OrthReg, Dare, ModelTailor];

    public static bool TryParse(string name, out TrainingMethod method)
    {
        var index = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        method = index < 0 ? default : (TrainingMethod)index;
        return index >= 0;
    }

    public static string NameOf(TrainingMethod method) => Names[(int)method];
}

/// <summary>How the connector (projector) is trained.</summary>
public enum ConnectorMode
{
    /// <summary>Kept at its pretrained weights.</summary>
    Frozen,
    /// <summary>Fully fine-tuned with its own learning rate (the reference code's choice).</summary>
    Full,
    /// <summary>LoRA on linear_1/linear_2; for lorasculpt regularised by the L1 connector CMR weighted by beta.</summary>
    Lora,
}

/// <summary>How per-module CMR terms are combined into L_CMR^LLM.</summary>
public enum CmrReduction
{
    /// <summary>Average over the CMR modules (reference code).</summary>
    Mean,
    /// <summary>Sum over the CMR modules (paper's Eq. 9).</summary>
    Sum,
}
