namespace ResNeXtLib.Data;

/// <summary>
/// The Fashion-MNIST data set: 60,000 training and 10,000 test images of clothing, 28x28 grayscale,
/// in 10 classes (Xiao, Rasul and Vollgraf, 2017, MIT licence).
/// </summary>
/// <remarks>
/// <see cref="Load(FashionMnistLocatorOptions?)"/> reads the files on every call and keeps nothing in
/// memory or on disk between calls, so a failed read leaves no state behind. Keep the returned object
/// instead of loading again.
/// </remarks>
public sealed class FashionMnist
{
    /// <summary>Image height and width in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>Number of training images.</summary>
    public const int TrainCount = 60_000;

    /// <summary>Number of test images.</summary>
    public const int TestCount = 10_000;

    /// <summary>Mean of the training pixels scaled to 0..1, used for normalisation (0.28604, rounded).</summary>
    public const float PixelMean = 0.2860f;

    /// <summary>Standard deviation of the training pixels scaled to 0..1, used for normalisation (0.35302, rounded).</summary>
    public const float PixelStd = 0.3530f;

    /// <summary>Class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>Creates the data set from a training set and a test set.</summary>
    public FashionMnist(ImageSet train, ImageSet test)
    {
        Train = train;
        Test = test;
    }

    /// <summary>Training images (60,000 when loaded from the files).</summary>
    public ImageSet Train { get; }

    /// <summary>Test images (10,000 when loaded from the files).</summary>
    public ImageSet Test { get; }

    /// <summary>
    /// Finds the files with <see cref="FashionMnistLocator"/> (downloading them if allowed) and reads them.
    /// </summary>
    /// <exception cref="FashionMnistNotFoundException">The files were not found and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">A file is invalid. The message names the file and how to replace it.</exception>
    public static FashionMnist Load(FashionMnistLocatorOptions? options = null) =>
        Load(new FashionMnistLocator(options).Locate());

    /// <summary>Reads the four files and checks that they are complete: 60,000 and 10,000 images with labels 0 to 9.</summary>
    /// <exception cref="InvalidDataException">A file is invalid. The message names the file and how to replace it.</exception>
    public static FashionMnist Load(FashionMnistFileSet files)
    {
        ImageSet train = IdxReader.ReadImageSet(files.TrainImages, files.TrainLabels, TrainCount);
        ImageSet test = IdxReader.ReadImageSet(files.TestImages, files.TestLabels, TestCount);
        return new FashionMnist(train, test);
    }

    /// <summary>Returns the class name of <paramref name="label"/>, for example "Ankle boot" for 9.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a class index from 0 to 9.</exception>
    public static string ClassName(int label) => label is >= 0 and < ClassCount
        ? ClassNames[label]
        : throw new ArgumentOutOfRangeException(nameof(label), label, $"Fashion-MNIST labels are class indices from 0 to {ClassCount - 1}; {label} is not one.");
}
