using System.Collections.Immutable;
using LoRASculpt.Contracts.Reevaluation;

namespace LoRASculpt.Client;

/// <summary>What <c>reeval</c> commands call. Schedule ids accept a unique prefix; null when none matches.</summary>
public sealed class ReevaluationClient(IGrainFactory grains)
{
    /// <summary>The schedule grain validates the spec: an invalid one fails with an <see cref="ArgumentException"/> naming the setting.</summary>
    public Task<ReevaluationScheduleInfo> ScheduleAsync(ReevaluationScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return grains.GetGrain<IReevaluationScheduleGrain>(ReevaluationIds.For(spec)).Create(spec);
    }

    public async Task<ImmutableArray<ReevaluationScheduleInfo>> ListAsync()
    {
        var ids = await Registry.List();
        var infos = await Task.WhenAll(ids.Select(id => grains.GetGrain<IReevaluationScheduleGrain>(id).GetInfo()));
        return [.. infos.Where(i => i is not null).Select(i => i!)];
    }

    public async Task<ReevaluationScheduleInfo?> GetAsync(string idOrPrefix) =>
        await ResolveAsync(idOrPrefix) is { } id ? await grains.GetGrain<IReevaluationScheduleGrain>(id).GetInfo() : null;

    public async Task<ReevaluationTrigger?> RunNowAsync(string idOrPrefix) =>
        await ResolveAsync(idOrPrefix) is { } id ? await grains.GetGrain<IReevaluationScheduleGrain>(id).RunNow() : null;

    public async Task<ReevaluationScheduleInfo?> CancelAsync(string idOrPrefix) =>
        await ResolveAsync(idOrPrefix) is { } id ? await grains.GetGrain<IReevaluationScheduleGrain>(id).Cancel() : null;

    /// <exception cref="ArgumentException">The prefix matches several schedules.</exception>
    public async Task<string?> ResolveAsync(string idOrPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPrefix);
        var matches = (await Registry.List()).Where(id => id.StartsWith(idOrPrefix, StringComparison.Ordinal)).ToArray();
        if (matches.Contains(idOrPrefix))
            return idOrPrefix;
        return matches.Length switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new ArgumentException($"Schedule id prefix '{idOrPrefix}' matches {matches.Length} schedules: {string.Join(", ", matches)}.", nameof(idOrPrefix)),
        };
    }

    private IReevaluationRegistryGrain Registry => grains.GetGrain<IReevaluationRegistryGrain>(IReevaluationRegistryGrain.Key);
}
