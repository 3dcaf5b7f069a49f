using System.Security.Cryptography;
using System.Text;
using LoRASculpt.Contracts.Trials;
using LoRASculpt.Core.Benchmark;
using LoRASculpt.Core.Settings;

namespace LoRASculpt.Sweeps.Expansion;

/// <summary>
/// Content-addressed trial ids: "t-" + the first 16 hex digits of SHA-256 over a canonical text of the
/// config (trial kind, base model, target, sorted sources, method, sorted hyperparameters) and, for torch
/// trials, the <see cref="Recipe"/>. The same configuration always gets the same id, in any sweep, on any machine.
/// </summary>
public static class TrialIds
{
    public const string Prefix = "t-";

    public static string For(TrialConfig config) => Prefix + Hash(CanonicalText(config), 16);

    /// <summary>
    /// What a torch trial's config leaves implicit: the benchmark data version and the catalogue defaults of the
    /// hyperparameters it omits. Part of the id, so an upgrade that changes either re-runs trials instead of
    /// showing results computed on other data or with other settings under the same id.
    /// </summary>
    public static string Recipe { get; } =
        $"{BenchmarkData.Version};defaults-{Hash(string.Join("\n", TrialParameters.All.Where(p => !TrialParameters.ReportingOnly.Contains(p.Name)).Select(p => $"{p.Name}={p.Default}")), 8)}";

    /// <summary>The exact text that is hashed; one "key=value" per line, ordinal ordering everywhere.</summary>
    public static string CanonicalText(TrialConfig config)
    {
        var text = new StringBuilder()
            .Append("kind=").Append(config.ExecutorKind).Append('\n')
            .Append("base_model=").Append(config.BaseModel).Append('\n')
            .Append("target=").Append(config.TargetTask).Append('\n')
            .Append("sources=").Append(string.Join(",", config.SourceTasks.Order(StringComparer.Ordinal))).Append('\n')
            .Append("method=").Append(config.Method).Append('\n');
        // Only named when set, so trials on the built-in benchmark keep their ids.
        if (config.Suite.Length > 0)
            text.Append("suite=").Append(config.Suite).Append('\n');
        if (config.ExecutorKind == ExecutorKinds.Torch)
            text.Append("recipe=").Append(Recipe).Append('\n');
        foreach (var (name, value) in config.Hyperparameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("hp.").Append(name).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }

    internal static string Hash(string text, int hexDigits) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..hexDigits];
}
