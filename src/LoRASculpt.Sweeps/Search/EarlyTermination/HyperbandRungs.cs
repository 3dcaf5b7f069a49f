using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;

namespace LoRASculpt.Sweeps.Search.EarlyTermination;

/// <summary>
/// Where early termination compares trials: at iterations (forgetting-curve points) min_iter x eta^r, r = 0, 1, ...,
/// below max_iter and, when <c>s</c> is set, the first s of them, as W&amp;B's hyperband brackets from min_iter.
/// </summary>
public static class HyperbandRungs
{
    /// <summary>
    /// A trial stores at most this many curve points (past it the curve is thinned, so a point's index stops being its
    /// iteration): the largest max_iter, and the default (<c>ForgettingCurve.MaxPoints</c> in the grains).
    /// </summary>
    public const int MaxIterations = 200;

    public const int DefaultEta = 3;

    public static ImmutableArray<int> Of(HyperbandSettings settings)
    {
        var rungs = ImmutableArray.CreateBuilder<int>();
        for (long iteration = settings.MinIter; iteration < settings.MaxIter; iteration *= settings.Eta)
        {
            if (settings.Brackets > 0 && rungs.Count == settings.Brackets)
            {
                break;
            }

            rungs.Add((int)iteration);
        }

        return rungs.ToImmutable();
    }
}
