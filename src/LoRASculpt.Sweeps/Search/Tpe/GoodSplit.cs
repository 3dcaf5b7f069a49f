namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>
/// Which observations TPE models as "good": the best ceil(gamma n), at most <see cref="TpeOptions.MaxGood"/> and at
/// least one. With one objective, by value (earlier first on a tie). With several (all maximised), by Pareto rank as
/// MOTPE does: whole fronts first, and within the front that does not fit, the most isolated points (largest crowding
/// distance, as NSGA-II measures it), so the good set spreads along the front rather than bunching at one end.
/// </summary>
public static class GoodSplit
{
    public static bool[] Good(IReadOnlyList<IReadOnlyList<double>> objectives, TpeOptions options)
    {
        var n = objectives.Count;
        var count = Math.Clamp((int)Math.Ceiling(options.Gamma * n), 1, Math.Max(1, Math.Min(options.MaxGood, n)));
        var good = new bool[n];
        if (n == 0)
        {
            return good;
        }

        var chosen = objectives[0].Count == 1
            ? Enumerable.Range(0, n).OrderByDescending(i => objectives[i][0]).ThenBy(i => i).Take(count)
            : ByFronts(objectives, count);
        foreach (var i in chosen)
        {
            good[i] = true;
        }

        return good;
    }

    /// <summary>Fronts of non-dominated points, best first (each front's indices ascending).</summary>
    public static IReadOnlyList<int[]> Fronts(IReadOnlyList<IReadOnlyList<double>> objectives)
    {
        var remaining = Enumerable.Range(0, objectives.Count).ToList();
        var fronts = new List<int[]>();
        while (remaining.Count > 0)
        {
            var front = remaining.Where(i => !remaining.Any(j => Dominates(objectives[j], objectives[i]))).ToArray();
            fronts.Add(front);
            remaining.RemoveAll(front.Contains);
        }

        return fronts;
    }

    /// <summary>a dominates b: at least as good in every objective and better in one.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var better = false;
        for (var k = 0; k < a.Count; k++)
        {
            if (a[k] < b[k])
            {
                return false;
            }

            better |= a[k] > b[k];
        }

        return better;
    }

    private static IEnumerable<int> ByFronts(IReadOnlyList<IReadOnlyList<double>> objectives, int count)
    {
        var chosen = new List<int>();
        foreach (var front in Fronts(objectives))
        {
            if (chosen.Count + front.Length <= count)
            {
                chosen.AddRange(front);
                continue;
            }

            var crowding = Crowding(objectives, front);
            chosen.AddRange(front.OrderByDescending(i => crowding[i]).ThenBy(i => i).Take(count - chosen.Count));
            break;
        }

        return chosen;
    }

    private static Dictionary<int, double> Crowding(IReadOnlyList<IReadOnlyList<double>> objectives, int[] front)
    {
        var distance = front.ToDictionary(i => i, _ => 0.0);
        for (var k = 0; k < objectives[front[0]].Count; k++)
        {
            var sorted = front.OrderBy(i => objectives[i][k]).ThenBy(i => i).ToArray();
            var span = objectives[sorted[^1]][k] - objectives[sorted[0]][k];
            distance[sorted[0]] = distance[sorted[^1]] = double.PositiveInfinity;
            for (var j = 1; j < sorted.Length - 1 && span > 0; j++)
            {
                distance[sorted[j]] += (objectives[sorted[j + 1]][k] - objectives[sorted[j - 1]][k]) / span;
            }
        }

        return distance;
    }
}
