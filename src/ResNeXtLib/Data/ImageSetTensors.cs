using System.Buffers;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Data;

/// <summary>
/// Conversion of an <see cref="ImageSet"/> to TorchSharp tensors, whole or in mini-batches.
/// </summary>
/// <remarks>
/// Call <see cref="WorkbookSetup.Initialize"/> once before these methods so that TorchSharp's native
/// library loads. Each returned tensor is new and belongs to the caller: create them inside
/// <c>torch.NewDisposeScope()</c> (one scope per training step), or dispose them, because the .NET
/// garbage collector does not see their native memory.
/// </remarks>
public static class ImageSetTensors
{
    /// <summary>
    /// Returns all images as a float32 tensor of shape [N, channels, height, width], normalised to
    /// <c>(pixel / 255 - mean) / std</c> with the Fashion-MNIST training mean and standard deviation.
    /// </summary>
    public static Tensor ToImageTensor(this ImageSet set, Device? device = null) =>
        ImagesToTensor(set, Enumerable.Range(0, set.Count).ToArray(), device);

    /// <summary>Returns all labels as an int64 tensor of shape [N].</summary>
    public static Tensor ToLabelTensor(this ImageSet set, Device? device = null) =>
        LabelsToTensor(set, Enumerable.Range(0, set.Count).ToArray(), device);

    /// <summary>
    /// Yields (images, labels) mini-batches in an order shuffled by <paramref name="seed"/>, for training.
    /// The last batch is smaller when <paramref name="batchSize"/> does not divide the set size.
    /// </summary>
    /// <remarks>Use a different seed per epoch (for example <c>baseSeed + epoch</c>) for a new order each epoch.</remarks>
    public static IEnumerable<(Tensor Images, Tensor Labels)> TrainingBatches(this ImageSet set, int batchSize, int seed, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return Batches(set, ImageSet.ShuffledIndices(set.Count, seed), batchSize, device);
    }

    /// <summary>
    /// Yields (images, labels) mini-batches in the order of the set, for evaluation.
    /// The last batch is smaller when <paramref name="batchSize"/> does not divide the set size.
    /// </summary>
    public static IEnumerable<(Tensor Images, Tensor Labels)> EvaluationBatches(this ImageSet set, int batchSize, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return Batches(set, Enumerable.Range(0, set.Count).ToArray(), batchSize, device);
    }

    private static IEnumerable<(Tensor Images, Tensor Labels)> Batches(ImageSet set, int[] order, int batchSize, Device? device)
    {
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int[] indices = order[start..Math.Min(start + batchSize, order.Length)];
            yield return (ImagesToTensor(set, indices, device), LabelsToTensor(set, indices, device));
        }
    }

    private static Tensor ImagesToTensor(ImageSet set, int[] indices, Device? device)
    {
        int pixelsPerImage = set.PixelsPerImage;
        int length = indices.Length * pixelsPerImage;

        // The floats are converted into a pooled buffer and copied into the tensor's native memory. A tensor made
        // with torch.tensor(float[]) keeps the array pinned instead, and a new 400 KB array per batch lands on the
        // large object heap, which grew the process by about 1 MiB per step until a full garbage collection.
        float[] buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (int i = 0; i < indices.Length; i++)
            {
                ImageSet.ConvertPixels(set.GetImage(indices[i]), buffer.AsSpan(i * pixelsPerImage, pixelsPerImage),
                    normalize: true, FashionMnist.PixelMean, FashionMnist.PixelStd);
            }

            // NOTE: colour images are normalised with the grey Fashion-MNIST mean and standard deviation too, which
            // keeps values near 0 but is not each channel's own statistics.
            var images = torch.empty([indices.Length, set.Channels, set.Height, set.Width], ScalarType.Float32);
            images.data<float>().CopyFrom(new ReadOnlySpan<float>(buffer, 0, length));
            return device is null ? images : images.to(device);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static Tensor LabelsToTensor(ImageSet set, int[] indices, Device? device)
    {
        var values = new long[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            values[i] = set.GetLabel(indices[i]);
        }

        return torch.tensor(values, [indices.Length], ScalarType.Int64, device);
    }
}
