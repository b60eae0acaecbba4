namespace ResNeXtLib.Data;

/// <summary>
/// One of the four files of Fashion-MNIST, with the MD5 checksum published for the original download.
/// </summary>
/// <param name="Name">File name, for example <c>train-images-idx3-ubyte.gz</c>.</param>
/// <param name="Md5">MD5 of the gzip file as served by the official download location, lowercase hex.</param>
/// <param name="ItemCount">Number of images or labels in the file.</param>
/// <param name="IsImages">True for an image file, false for a label file.</param>
public sealed record FashionMnistFile(string Name, string Md5, int ItemCount, bool IsImages)
{
    /// <summary>Training images, 60,000 of 28x28.</summary>
    public static FashionMnistFile TrainImages { get; } =
        new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", FashionMnist.TrainCount, IsImages: true);

    /// <summary>Training labels, 60,000.</summary>
    public static FashionMnistFile TrainLabels { get; } =
        new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", FashionMnist.TrainCount, IsImages: false);

    /// <summary>Test images, 10,000 of 28x28.</summary>
    public static FashionMnistFile TestImages { get; } =
        new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", FashionMnist.TestCount, IsImages: true);

    /// <summary>Test labels, 10,000.</summary>
    public static FashionMnistFile TestLabels { get; } =
        new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", FashionMnist.TestCount, IsImages: false);

    /// <summary>The four files, in the order they are searched for and downloaded.</summary>
    /// <remarks>
    /// The checksums are those in the data set's README (zalandoresearch/fashion-mnist, also shipped as
    /// /usr/share/doc/dataset-fashion-mnist/README.md.gz). The files that Debian's dataset-fashion-mnist
    /// 0.0~git20200523 installs hold the same compressed data, but the packaging rewrote their gzip headers
    /// (file name dropped, time stamp changed), so their MD5s differ. Putting the original header back
    /// (file name, time stamp of 2017-08-31) reproduces the published MD5 of each file. So only downloads
    /// are checked against these checksums.
    /// </remarks>
    public static IReadOnlyList<FashionMnistFile> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>File name without the <c>.gz</c> suffix, as a file is named after <c>gunzip</c>.</summary>
    public string UncompressedName => Name[..^".gz".Length];
}
