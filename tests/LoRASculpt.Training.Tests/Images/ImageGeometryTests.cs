using LoRASculpt.Training.Images;

namespace LoRASculpt.Training.Tests.Images;

public sealed class ImageGeometryTests
{
    [Fact]
    public void Expand_to_square_centres_a_wide_image_at_half_the_difference_rounded_down()
    {
        // Width 2, height 1 -> canvas 2x2, image at row (2 - 1) // 2 = 0.
        var wide = new RgbImage(2, 1, [1, 2, 3, 4, 5, 6]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 9, 9, 9, 9, 9, 9], ImageGeometry.ExpandToSquare(wide, 9, 9, 9).Pixels);

        // Width 1, height 3 -> canvas 3x3, image in column (3 - 1) // 2 = 1.
        var tall = new RgbImage(1, 3, [1, 1, 1, 2, 2, 2, 3, 3, 3]);
        var square = ImageGeometry.ExpandToSquare(tall, 0, 0, 0);
        Assert.Equal(
            [0, 0, 0, 1, 1, 1, 0, 0, 0,
             0, 0, 0, 2, 2, 2, 0, 0, 0,
             0, 0, 0, 3, 3, 3, 0, 0, 0],
            square.Pixels);
    }

    [Theory]
    [InlineData(5, 3, 1)]  // (5 - 3) // 2
    [InlineData(6, 3, 1)]  // (6 - 3) // 2 = 1, the extra row goes to the bottom
    [InlineData(3, 6, -2)] // (3 - 6) // 2 = floor(-1.5) = -2: Python floors
    [InlineData(4, 4, 0)]
    public void Centre_crop_origin_is_python_floor_division(int size, int crop, int expected) =>
        Assert.Equal(expected, ImageGeometry.CenterCropOrigin(size, crop));

    [Fact]
    public void Centre_crop_larger_than_the_image_pads_with_zeros()
    {
        // 1 wide, 1 high, cropped to 2 high x 3 wide: origin (floor(-0.5), floor(-1)) = (-1, -1),
        // so the pixel lands at row 1, column 1.
        var cropped = ImageGeometry.CenterCrop(new RgbImage(1, 1, [7, 8, 9]), 2, 3);
        Assert.Equal(
            [0, 0, 0, 0, 0, 0, 0, 0, 0,
             0, 0, 0, 7, 8, 9, 0, 0, 0],
            cropped.Pixels);
    }
}
