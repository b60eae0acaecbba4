using System.Globalization;

namespace ResNeXtLib.Data;

/// <summary>
/// Labelled images held as bytes: one byte per pixel and channel (0 to 255, image after image, each image
/// channel after channel and each channel row-major, the [C, H, W] order of a tensor) and one class index per image.
/// Fashion-MNIST images have one (grey) channel; colour images have three (red, green, blue).
/// </summary>
/// <remarks>
/// The arrays are copied on construction and never exposed for writing, so a set cannot change
/// after it is made. Methods that select images return new sets.
/// </remarks>
public sealed class ImageSet
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <summary>Creates a set from pixel and label arrays, which are copied.</summary>
    /// <param name="pixels">Pixels of all images, <c>labels.Length * height * width</c> bytes.</param>
    /// <param name="labels">One class index per image.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <exception cref="ArgumentException">The pixel count does not match the label count and image size.</exception>
    public ImageSet(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> labels, int height = FashionMnist.ImageSize, int width = FashionMnist.ImageSize)
        : this(pixels.ToArray(), labels.ToArray(), 1, height, width)
    {
    }

    /// <summary>Creates a set of images with <paramref name="channels"/> channels from pixel and label arrays, which are copied.</summary>
    /// <param name="pixels">Pixels of all images, <c>labels.Length * channels * height * width</c> bytes, each image in [C, H, W] order.</param>
    /// <param name="labels">One class index per image.</param>
    /// <param name="channels">Channels per image: 1 for grey, 3 for red, green and blue.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <exception cref="ArgumentException">The pixel count does not match the label count and image size.</exception>
    public ImageSet(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> labels, int channels, int height, int width)
        : this(pixels.ToArray(), labels.ToArray(), channels, height, width)
    {
    }

    /// <summary>Takes ownership of the arrays without copying them.</summary>
    internal ImageSet(byte[] pixels, byte[] labels, int height, int width)
        : this(pixels, labels, 1, height, width)
    {
    }

    /// <summary>Takes ownership of the arrays without copying them.</summary>
    internal ImageSet(byte[] pixels, byte[] labels, int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long expected = (long)labels.Length * channels * height * width;
        if (pixels.LongLength != expected)
        {
            string shape = channels == 1 ? $"{height}x{width}" : $"{channels}x{height}x{width}";
            throw new ArgumentException(
                $"Expected {labels.Length} images of {shape} = {expected} pixels " +
                $"for {labels.Length} labels, found {pixels.Length} pixels.", nameof(pixels));
        }

        _pixels = pixels;
        _labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Channels per image: 1 for grey (Fashion-MNIST), 3 for red, green and blue.</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Number of bytes in one image: channels times height times width.</summary>
    public int PixelsPerImage => Channels * Height * Width;

    /// <summary>Pixels of all images, image after image, each in [C, H, W] order.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>Class index of each image.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>Returns the pixels of image <paramref name="index"/>, in [C, H, W] order.</summary>
    public ReadOnlySpan<byte> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>Returns the class index of image <paramref name="index"/>.</summary>
    public int GetLabel(int index) => _labels[index];

    /// <summary>Returns a new set with the images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        var pixels = new byte[(long)indices.Count * PixelsPerImage];
        var labels = new byte[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            GetImage(indices[i]).CopyTo(pixels.AsSpan(i * PixelsPerImage, PixelsPerImage));
            labels[i] = _labels[indices[i]];
        }

        return new ImageSet(pixels, labels, Channels, Height, Width);
    }

    /// <summary>
    /// Returns <paramref name="count"/> images drawn at random without replacement, for a fast run
    /// on part of the data. The same seed gives the same subset.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or larger than <see cref="Count"/>.</exception>
    public ImageSet Subset(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        int[] order = ShuffledIndices(Count, seed);
        return Select(order[..count]);
    }

    /// <summary>
    /// Splits the set into a training part and a validation part of <paramref name="validationCount"/>
    /// images chosen at random. The parts do not overlap, and the same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationCount"/> is negative or larger than <see cref="Count"/>.</exception>
    public (ImageSet Train, ImageSet Validation) SplitValidation(int validationCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validationCount, Count);

        int[] order = ShuffledIndices(Count, seed);
        int[] validation = order[..validationCount];
        int[] train = order[validationCount..];

        // Keep each part in the original order, so that only membership depends on the seed.
        Array.Sort(validation);
        Array.Sort(train);
        return (Select(train), Select(validation));
    }

    /// <summary>
    /// Splits the set like <see cref="SplitValidation(int, int)"/>, holding out
    /// <paramref name="validationFraction"/> of the images (rounded to the nearest whole image).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is outside 0..1.</exception>
    public (ImageSet Train, ImageSet Validation) SplitValidation(double validationFraction, int seed)
    {
        if (!(validationFraction >= 0 && validationFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                "Expected a fraction from 0 to 1, for example 0.1 to hold out 10% of the images.");
        }

        return SplitValidation((int)Math.Round(Count * validationFraction, MidpointRounding.AwayFromZero), seed);
    }

    /// <summary>Returns the number of images in each class, indexed by class.</summary>
    public int[] CountPerClass(int classCount = FashionMnist.ClassCount)
    {
        var counts = new int[classCount];
        foreach (byte label in _labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// Converts the pixels to floats, image after image. With <paramref name="normalize"/> each value is
    /// <c>(pixel / 255 - mean) / std</c>. Without it, each value is <c>pixel / 255</c>, in 0..1.
    /// </summary>
    /// <param name="normalize">Whether to subtract <paramref name="mean"/> and divide by <paramref name="std"/>.</param>
    /// <param name="mean">Mean of the scaled pixels, by default that of the Fashion-MNIST training set.</param>
    /// <param name="std">Standard deviation of the scaled pixels, by default that of the Fashion-MNIST training set.</param>
    public float[] ToFloatArray(bool normalize = true, float mean = FashionMnist.PixelMean, float std = FashionMnist.PixelStd)
    {
        var result = new float[_pixels.Length];
        ConvertPixels(_pixels, result, normalize, mean, std);
        return result;
    }

    /// <summary>Returns "N images of HxW" for grey images and "N images of CxHxW" otherwise.</summary>
    public override string ToString() =>
        $"{Count.ToString("N0", CultureInfo.InvariantCulture)} images of {(Channels == 1 ? "" : $"{Channels}x")}{Height}x{Width}";

    internal static void ConvertPixels(ReadOnlySpan<byte> pixels, Span<float> destination, bool normalize, float mean, float std)
    {
        float scale = normalize ? 1f / (255f * std) : 1f / 255f;
        float offset = normalize ? -mean / std : 0f;
        for (int i = 0; i < pixels.Length; i++)
        {
            destination[i] = pixels[i] * scale + offset;
        }
    }

    /// <summary>
    /// Returns 0..count-1 shuffled by Fisher-Yates, driven by a SplitMix64 generator seeded by <paramref name="seed"/>.
    /// </summary>
    /// <remarks>
    /// The generator is written out here, not taken from <see cref="Random"/>, whose documentation does not
    /// promise the same sequence across .NET versions. So a seed gives the same order everywhere.
    /// </remarks>
    internal static int[] ShuffledIndices(int count, int seed)
    {
        var indices = new int[count];
        for (int i = 0; i < count; i++)
        {
            indices[i] = i;
        }

        ulong state = unchecked((ulong)seed);
        for (int i = count - 1; i > 0; i--)
        {
            // Maps the top 32 random bits onto 0..i by Lemire's multiply-shift. Some values are more likely
            // than others by at most (i + 1) / 2^32, which is negligible for data-set sizes.
            ulong bits = NextSplitMix64(ref state) >> 32;
            int j = (int)((bits * (ulong)(i + 1)) >> 32);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return indices;
    }

    private static ulong NextSplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
