namespace LoRASculpt.Cluster.Tests;

/// <summary>The tests of this assembly that need Azure Storage share one Azurite (xunit looks for this definition here).</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
