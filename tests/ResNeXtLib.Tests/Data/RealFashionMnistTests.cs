using ResNeXtLib.Data;

namespace ResNeXtLib.Tests.Data;

/// <summary>Reads the four real files once for all tests in <see cref="RealFashionMnistTests"/>.</summary>
public sealed class RealFashionMnistFixture
{
    public RealFashionMnistFixture()
    {
        // The normal look-up order, so the tests run wherever the notebooks do: the Debian package in CI,
        // the user cache or a download elsewhere.
        var options = new FashionMnistLocatorOptions { Log = null };
        Data = FashionMnist.Load(options);
    }

    public FashionMnist Data { get; }
}

public sealed class RealFashionMnistTests(RealFashionMnistFixture fixture) : IClassFixture<RealFashionMnistFixture>
{
    private readonly FashionMnist _data = fixture.Data;

    [Fact]
    public void Load_Counts_Match()
    {
        Assert.Equal(60_000, _data.Train.Count);
        Assert.Equal(10_000, _data.Test.Count);
        Assert.Equal(60_000 * 28 * 28, _data.Train.Pixels.Length);
        Assert.Equal(10_000 * 28 * 28, _data.Test.Pixels.Length);
    }

    [Fact]
    public void Load_Labels_AreClassIndices()
    {
        Assert.Equal(0, _data.Train.Labels.ToArray().Min());
        Assert.Equal(9, _data.Train.Labels.ToArray().Max());
        Assert.Equal(0, _data.Test.Labels.ToArray().Min());
        Assert.Equal(9, _data.Test.Labels.ToArray().Max());
    }

    [Fact]
    public void Load_Pixels_SpanFullRange()
    {
        Assert.Equal(0, _data.Train.Pixels.ToArray().Min());
        Assert.Equal(255, _data.Train.Pixels.ToArray().Max());
        Assert.Equal(0, _data.Test.Pixels.ToArray().Min());
        Assert.Equal(255, _data.Test.Pixels.ToArray().Max());
    }

    [Fact]
    public void Train_EachClass_Has6000()
    {
        int[] counts = _data.Train.CountPerClass();

        for (int label = 0; label < 10; label++)
        {
            Assert.True(counts[label] == 6_000, $"class {label} ({FashionMnist.ClassName(label)}) has {counts[label]} images");
        }
    }

    [Fact]
    public void Test_EachClass_Has1000()
    {
        int[] counts = _data.Test.CountPerClass();

        for (int label = 0; label < 10; label++)
        {
            Assert.True(counts[label] == 1_000, $"class {label} ({FashionMnist.ClassName(label)}) has {counts[label]} images");
        }
    }

    [Fact]
    public void Train_MeanAndStd_MatchConstants()
    {
        double sum = 0;
        double sumOfSquares = 0;
        foreach (byte pixel in _data.Train.Pixels)
        {
            double value = pixel / 255.0;
            sum += value;
            sumOfSquares += value * value;
        }

        long count = _data.Train.Pixels.Length;
        double mean = sum / count;
        double std = Math.Sqrt(sumOfSquares / count - mean * mean);

        Assert.Equal(FashionMnist.PixelMean, mean, 0.00005);
        Assert.Equal(FashionMnist.PixelStd, std, 0.00005);
    }

    [Fact]
    public void Train_FirstLabel_IsAnkleBoot()
    {
        // The first training image of Fashion-MNIST is an ankle boot (label 9), and the first test image too.
        Assert.Equal("Ankle boot", FashionMnist.ClassName(_data.Train.GetLabel(0)));
        Assert.Equal("Ankle boot", FashionMnist.ClassName(_data.Test.GetLabel(0)));
    }
}
