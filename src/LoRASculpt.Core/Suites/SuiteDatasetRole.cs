namespace LoRASculpt.Core.Suites;

/// <summary>What a suite dataset measures: general knowledge (Source, averaged) or the downstream skill (Target).</summary>
public enum SuiteDatasetRole
{
    Source,
    Target,
}
