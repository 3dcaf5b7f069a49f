using System.Collections.Immutable;

namespace LoRASculpt.Contracts.Sweeps;

/// <summary>The W&amp;B distribution forms a random search samples a parameter from.</summary>
[GenerateSerializer]
public enum DistributionKind
{
    /// <summary>One of <see cref="ParameterDistribution.Values"/>, uniformly or with <see cref="ParameterDistribution.Probabilities"/>.</summary>
    Categorical = 0,
    Uniform = 1,
    LogUniformValues = 2,
    QUniform = 3,
    QLogUniformValues = 4,
    IntUniform = 5,
    Normal = 6,
}

/// <summary>
/// How a random search draws one parameter. Values are canonical strings (as <see cref="SweepSpec.Parameters"/>);
/// bounds are numbers as the file wrote them. Only the fields of <see cref="Kind"/> are meaningful: Min/Max for the
/// uniform forms, Q for the quantised ones, Mu/Sigma for normal.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ParameterDistribution(
    [property: Id(0)] DistributionKind Kind,
    [property: Id(1)] ImmutableArray<string> Values,
    [property: Id(2)] ImmutableArray<double> Probabilities,
    [property: Id(3)] double Min = 0,
    [property: Id(4)] double Max = 0,
    [property: Id(5)] double Q = 0,
    [property: Id(6)] double Mu = 0,
    [property: Id(7)] double Sigma = 0);
