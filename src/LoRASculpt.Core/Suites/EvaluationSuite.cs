namespace LoRASculpt.Core.Suites;

/// <summary>
/// A named set of evaluation datasets: sources (general knowledge, averaged into Source) and targets (the
/// downstream tasks). Scores are recorded with <see cref="VersionKey"/>, so editing a suite's data, metrics or
/// prompts without bumping <see cref="Version"/> still yields a new key.
/// </summary>
/// <param name="Version">The suite author's version string.</param>
/// <param name="ContentHash">Lower-case hex SHA-256 over what decides scores (see <see cref="SuiteContentHash"/>).</param>
public sealed record EvaluationSuite(string Name, string Version, string ContentHash, IReadOnlyList<SuiteDataset> Datasets)
{
    private const int HashCharsInKey = 12;

    /// <summary>"{version}+{first 12 hex digits of the content hash}".</summary>
    public string VersionKey => $"{Version}+{ContentHash[..Math.Min(HashCharsInKey, ContentHash.Length)]}";

    public IReadOnlyList<SuiteDataset> Sources => Datasets.Where(d => d.Role == SuiteDatasetRole.Source).ToArray();

    public IReadOnlyList<SuiteDataset> Targets => Datasets.Where(d => d.Role == SuiteDatasetRole.Target).ToArray();

    public SuiteDataset? Find(string name) => Datasets.FirstOrDefault(d => d.Name == name);

    public SuiteDataset Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Suite '{Name}' has no dataset '{name}'. Its datasets: {string.Join(", ", Datasets.Select(d => d.Name))}.", nameof(name));
}
