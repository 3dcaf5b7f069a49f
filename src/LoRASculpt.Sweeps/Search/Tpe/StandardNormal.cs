namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>The standard normal's log density and distribution function (.NET has no erf; see <see cref="Erfc"/>).</summary>
public static class StandardNormal
{
    private const double InvSqrt2Pi = 0.3989422804014327;

    public static double LogPdf(double z) => Math.Log(InvSqrt2Pi) - 0.5 * z * z;

    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7: ample for TPE's density ratios).</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
