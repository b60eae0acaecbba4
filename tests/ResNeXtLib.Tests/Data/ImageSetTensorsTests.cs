using ResNeXtLib.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Tests.Data;

public class ImageSetTensorsTests
{
    public ImageSetTensorsTests()
    {
        WorkbookSetup.Initialize();
    }

    /// <summary>Returns <paramref name="count"/> 28x28 images whose pixels all equal the image index, labelled index mod 10.</summary>
    private static ImageSet NumberedSet(int count)
    {
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            pixels.AsSpan(i * 28 * 28, 28 * 28).Fill((byte)i);
            labels[i] = (byte)(i % 10);
        }

        return new ImageSet(pixels, labels);
    }

    /// <summary>Recovers the image index of each image in a normalised batch from its first pixel.</summary>
    private static int[] ImageIds(Tensor images)
    {
        using Tensor firstPixels = images[.., 0, 0, 0];
        return firstPixels.data<float>()
            .Select(value => (int)Math.Round((value * FashionMnist.PixelStd + FashionMnist.PixelMean) * 255))
            .ToArray();
    }

    [Fact]
    public void ToImageTensor_HasShapeAndType()
    {
        using var scope = NewDisposeScope();

        Tensor images = NumberedSet(3).ToImageTensor();

        Assert.Equal([3L, 1, 28, 28], images.shape);
        Assert.Equal(ScalarType.Float32, images.dtype);
    }

    [Fact]
    public void ToImageTensor_IsNormalized()
    {
        using var scope = NewDisposeScope();
        var set = new ImageSet(Enumerable.Repeat((byte)255, 28 * 28).ToArray(), new byte[] { 0 });

        Tensor images = set.ToImageTensor();

        Assert.Equal((1f - 0.2860f) / 0.3530f, images[0, 0, 27, 27].item<float>(), 5);
    }

    [Fact]
    public void ToLabelTensor_IsInt64()
    {
        using var scope = NewDisposeScope();

        Tensor labels = NumberedSet(12).ToLabelTensor();

        Assert.Equal(ScalarType.Int64, labels.dtype);
        Assert.Equal([12L], labels.shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)(i % 10)), labels.data<long>().ToArray());
    }

    [Fact]
    public void EvaluationBatches_KeepOrder()
    {
        using var scope = NewDisposeScope();

        var batches = NumberedSet(10).EvaluationBatches(batchSize: 4).ToList();

        Assert.Equal([4, 4, 2], batches.Select(batch => (int)batch.Images.shape[0]));
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(batch => ImageIds(batch.Images)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)(i % 10)), batches.SelectMany(batch => batch.Labels.data<long>().ToArray()));
    }

    [Fact]
    public void TrainingBatches_ShuffleBySeed()
    {
        using var scope = NewDisposeScope();
        ImageSet set = NumberedSet(50);

        int[] first = set.TrainingBatches(batchSize: 8, seed: 1).SelectMany(batch => ImageIds(batch.Images)).ToArray();
        int[] again = set.TrainingBatches(batchSize: 8, seed: 1).SelectMany(batch => ImageIds(batch.Images)).ToArray();
        int[] other = set.TrainingBatches(batchSize: 8, seed: 2).SelectMany(batch => ImageIds(batch.Images)).ToArray();

        Assert.Equal(Enumerable.Range(0, 50), first.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void TrainingBatches_LabelsMatchImages()
    {
        using var scope = NewDisposeScope();

        foreach (var (images, labels) in NumberedSet(30).TrainingBatches(batchSize: 7, seed: 3))
        {
            int[] ids = ImageIds(images);
            long[] values = labels.data<long>().ToArray();
            Assert.Equal(ids.Select(id => (long)(id % 10)), values);
        }
    }
}
