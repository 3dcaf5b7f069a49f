namespace LoRASculpt.Training.Diagnostics;

/// <summary>Measured fraction of non-zero entries of A, B and B A next to Theorem 3.1's 1 - (1 - d_A d_B)^r.</summary>
public sealed record ModuleDensityReport(string Module, double DensityA, double DensityB, double DensityBA, double ExpectedDensityBA);
