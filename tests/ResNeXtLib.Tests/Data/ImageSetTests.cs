using ResNeXtLib.Data;

namespace ResNeXtLib.Tests.Data;

public class ImageSetTests
{
    /// <summary>Returns a set of <paramref name="count"/> 2x2 images whose pixels all equal the image index.</summary>
    private static ImageSet NumberedSet(int count)
    {
        var pixels = new byte[count * 4];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            pixels.AsSpan(i * 4, 4).Fill((byte)i);
            labels[i] = (byte)(i % 10);
        }

        return new ImageSet(pixels, labels, height: 2, width: 2);
    }

    private static int[] ImageIds(ImageSet set) =>
        Enumerable.Range(0, set.Count).Select(i => (int)set.GetImage(i)[0]).ToArray();

    [Fact]
    public void Constructor_WrongPixelCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ImageSet(new byte[10], new byte[3], height: 2, width: 2));
    }

    [Fact]
    public void SplitValidation_Count_PartitionsSet()
    {
        ImageSet set = NumberedSet(100);

        var (train, validation) = set.SplitValidation(20, seed: 1);

        Assert.Equal(80, train.Count);
        Assert.Equal(20, validation.Count);
        Assert.Equal(Enumerable.Range(0, 100), ImageIds(train).Concat(ImageIds(validation)).Order());
    }

    [Fact]
    public void SplitValidation_SameSeed_SameSplit()
    {
        ImageSet set = NumberedSet(100);

        var first = set.SplitValidation(20, seed: 7).Validation;
        var second = set.SplitValidation(20, seed: 7).Validation;

        Assert.Equal(ImageIds(first), ImageIds(second));
    }

    [Fact]
    public void SplitValidation_OtherSeed_OtherSplit()
    {
        ImageSet set = NumberedSet(100);

        var first = set.SplitValidation(20, seed: 7).Validation;
        var second = set.SplitValidation(20, seed: 8).Validation;

        Assert.NotEqual(ImageIds(first), ImageIds(second));
    }

    [Fact]
    public void SplitValidation_KeepsLabelsWithImages()
    {
        var (train, validation) = NumberedSet(50).SplitValidation(10, seed: 3);

        foreach (ImageSet part in new[] { train, validation })
        {
            for (int i = 0; i < part.Count; i++)
            {
                Assert.Equal(part.GetImage(i)[0] % 10, part.GetLabel(i));
            }
        }
    }

    [Fact]
    public void SplitValidation_Fraction_RoundsCount()
    {
        var (train, validation) = NumberedSet(55).SplitValidation(0.1, seed: 0);

        Assert.Equal(49, train.Count);
        Assert.Equal(6, validation.Count);
    }

    [Fact]
    public void SplitValidation_TooMany_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberedSet(5).SplitValidation(6, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberedSet(5).SplitValidation(1.5, seed: 0));
    }

    [Fact]
    public void Subset_SameSeed_SameImages()
    {
        ImageSet set = NumberedSet(100);

        ImageSet first = set.Subset(10, seed: 5);
        ImageSet second = set.Subset(10, seed: 5);

        Assert.Equal(10, first.Count);
        Assert.Equal(ImageIds(first), ImageIds(second));
        Assert.Equal(10, ImageIds(first).Distinct().Count());
    }

    [Fact]
    public void ToFloatArray_Normalize_UsesMeanAndStd()
    {
        var set = new ImageSet(new byte[] { 0, 255, 51, 0 }, new byte[] { 0 }, height: 2, width: 2);

        float[] scaled = set.ToFloatArray(normalize: false);
        float[] normalized = set.ToFloatArray();

        Assert.Equal(0f, scaled[0]);
        Assert.Equal(1f, scaled[1]);
        Assert.Equal(0.2f, scaled[2], 6);
        Assert.Equal(-0.2860f / 0.3530f, normalized[0], 5);
        Assert.Equal((1f - 0.2860f) / 0.3530f, normalized[1], 5);
    }

    [Fact]
    public void ClassNames_HasTenInLabelOrder()
    {
        Assert.Equal(10, FashionMnist.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnist.ClassName(0));
        Assert.Equal("Shirt", FashionMnist.ClassName(6));
        Assert.Equal("Ankle boot", FashionMnist.ClassName(9));
    }
}
