namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>An object placed in one cell of the scene grid (column, row in 0..GridSize-1).</summary>
public sealed record SceneObject(int Shape, int Colour, int Column, int Row)
{
    public string ShapeName => SceneWords.Shapes[Shape].Name;

    public string ColourName => SceneWords.Colours[Colour].Name;

    /// <summary>"red circle".</summary>
    public string Phrase => $"{ColourName} {ShapeName}";
}
