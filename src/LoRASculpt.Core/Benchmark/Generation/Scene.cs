using LoRASculpt.Core.Benchmark.Rendering;

namespace LoRASculpt.Core.Benchmark.Generation;

/// <summary>
/// Objects on a 4x4 grid of 8x8-pixel cells (one object per cell, small random size and offset), rendered on a dark, noisy background.
/// The grid matches the vision tower's 8-pixel patches, which keeps the tasks learnable by a tiny model.
/// </summary>
public sealed class Scene
{
    public const int GridSize = 4;
    public const int CellSize = BenchmarkData.ImageSize / GridSize;

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
            var size = 6 + random.Next(2);
            var left = o.Column * CellSize + random.Next(CellSize - size + 1);
            var top = o.Row * CellSize + random.Next(CellSize - size + 1);
            canvas.DrawShape(SceneWords.Shapes[o.Shape].Kind, left, top, size, SceneWords.Colours[o.Colour].Value.Jitter(random, 0.06f));
        }
        return canvas.Pixels;
    }
}
