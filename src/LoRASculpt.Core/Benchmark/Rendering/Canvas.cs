namespace LoRASculpt.Core.Benchmark.Rendering;

/// <summary>A square RGB float image (CHW, values in [0, 1]) with the few drawing primitives the benchmark needs.</summary>
public sealed class Canvas
{
    public Canvas(int size, Random random, float backgroundNoise)
    {
        Size = size;
        Pixels = new float[3 * size * size];
        // Faint noise keeps the background from being a constant the model could key on.
        for (var i = 0; i < Pixels.Length; i++)
            Pixels[i] = (float)(random.NextDouble() * backgroundNoise);
    }

    public int Size { get; }

    public float[] Pixels { get; }

    public void Set(int x, int y, Rgb colour)
    {
        if (x < 0 || y < 0 || x >= Size || y >= Size) return;
        var plane = Size * Size;
        var i = y * Size + x;
        Pixels[i] = colour.R;
        Pixels[plane + i] = colour.G;
        Pixels[2 * plane + i] = colour.B;
    }

    /// <summary>Draws a filled shape inside the box [left, left+size) x [top, top+size).</summary>
    public void DrawShape(ShapeKind shape, int left, int top, int size, Rgb colour)
    {
        var centre = (size - 1) / 2.0;
        for (var dy = 0; dy < size; dy++)
        for (var dx = 0; dx < size; dx++)
        {
            var inside = shape switch
            {
                ShapeKind.Square => true,
                ShapeKind.Circle => (dx - centre) * (dx - centre) + (dy - centre) * (dy - centre) <= (size / 2.0) * (size / 2.0) * 0.85,
                // Apex at the top row, base on the bottom row.
                ShapeKind.Triangle => Math.Abs(dx - centre) <= (dy + 1) / 2.0,
                ShapeKind.Cross => Math.Abs(dx - centre) <= 1.0 || Math.Abs(dy - centre) <= 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(shape)),
            };
            if (inside) Set(left + dx, top + dy, colour);
        }
    }

    /// <summary>Draws lower-case text with the 3x5 pixel font, each font pixel a scale x scale block, 1 font pixel between letters.</summary>
    public void DrawText(string text, int left, int top, int scale, Rgb colour)
    {
        for (var c = 0; c < text.Length; c++)
        {
            var glyph = PixelFont.Glyph(text[c]);
            var glyphLeft = left + c * (PixelFont.Width + 1) * scale;
            for (var row = 0; row < PixelFont.Height; row++)
            for (var col = 0; col < PixelFont.Width; col++)
            {
                if (glyph[row][col] != '#') continue;
                for (var sy = 0; sy < scale; sy++)
                for (var sx = 0; sx < scale; sx++)
                    Set(glyphLeft + col * scale + sx, top + row * scale + sy, colour);
            }
        }
    }

    public static int TextWidth(int letters, int scale) => (letters * (PixelFont.Width + 1) - 1) * scale;
}
