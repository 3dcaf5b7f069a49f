namespace LoRASculpt.Core.Benchmark.Rendering;

public enum ShapeKind
{
    Square,
    Circle,
    Triangle,
    Cross,
}
