namespace LoRASculpt.Training.Images;

/// <summary>
/// PIL's resampling filters, numbered as <c>PIL.Image.Resampling</c> (the <c>resample</c> value of a
/// preprocessor_config.json). All but <see cref="Nearest"/> are convolution filters that
/// <see cref="PilResize"/> reproduces exactly.
/// </summary>
public enum ResampleFilter
{
    Nearest = 0,
    Lanczos = 1,
    Bilinear = 2,
    Bicubic = 3,
    Box = 4,
    Hamming = 5,
}
