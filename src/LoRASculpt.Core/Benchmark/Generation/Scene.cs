using LoRASculpt.Core.Benchmark.Rendering;

namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>
/// Objects on a 4x4 grid of 8x8-pixel cells (one object per cell, a fixed-size shape centred in its cell), rendered on a dark,
/// noisy background. The grid matches the vision tower's 8-pixel patches, so each object is one patch with a fixed pixel
/// pattern per shape: with random sizes and offsets (bench-v2) the tiny model never told shapes apart (shape-vqa stayed at its prior).
/// </summary>
public sealed class Scene
{
    public const int GridSize = 4;
    public const int CellSize = BenchmarkData.ImageSize / GridSize;

    /// <summary>Side of every shape's box, placed at offset (CellSize - ShapeSize) / 2 inside its cell.</summary>
    public const int ShapeSize = 7;

    private readonly List<SceneObject> objects = [];
    private readonly HashSet<(int, int)> usedCells = [];

    public IReadOnlyList<SceneObject> Objects => objects;

    public bool IsFree(int column, int row) => !usedCells.Contains((column, row));

    public SceneObject Add(int shape, int colour, int column, int row)
    {
        if (!usedCells.Add((column, row))) throw new InvalidOperationException($"Cell ({column},{row}) is taken.");
        var o = new SceneObject(shape, colour, column, row);
        objects.Add(o);
        return o;
    }

    /// <summary>Adds an object in a random free cell.</summary>
    public SceneObject AddAnywhere(Random random, int shape, int colour)
    {
        var free = Enumerable.Range(0, GridSize * GridSize).Where(c => IsFree(c % GridSize, c / GridSize)).ToArray();
        var cell = free[random.Next(free.Length)];
        return Add(shape, colour, cell % GridSize, cell / GridSize);
    }

    public float[] Render(Random random)
    {
        var canvas = new Canvas(BenchmarkData.ImageSize, random, backgroundNoise: 0.12f);
        foreach (var o in objects)
        {
            const int offset = (CellSize - ShapeSize) / 2;
            canvas.DrawShape(SceneWords.Shapes[o.Shape].Kind, o.Column * CellSize + offset, o.Row * CellSize + offset, ShapeSize,
                SceneWords.Colours[o.Colour].Value.Jitter(random, 0.06f));
        }
        return canvas.Pixels;
    }
}
