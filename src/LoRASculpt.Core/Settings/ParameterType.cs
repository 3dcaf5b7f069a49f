namespace LoRASculpt.Core.Settings;

/// <summary>How a hyperparameter's text value is parsed and canonicalised.</summary>
public enum ParameterType
{
    /// <summary>A whole number, canonical form invariant "D".</summary>
    Int,
    /// <summary>A finite double, canonical form invariant "R".</summary>
    Float,
    /// <summary>One of <see cref="ParameterSpec.Choices"/>, canonical form lower case.</summary>
    Enum,
    /// <summary>A non-empty comma-separated subset of <see cref="ParameterSpec.Choices"/>, canonical form in catalogue order.</summary>
    List,
}
