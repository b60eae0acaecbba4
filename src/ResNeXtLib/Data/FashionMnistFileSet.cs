namespace ResNeXtLib.Data;

/// <summary>Where a located copy of Fashion-MNIST was found.</summary>
public enum FashionMnistSource
{
    /// <summary>The folder passed to the locator.</summary>
    ExplicitFolder,

    /// <summary>The folder named by the environment variable <c>RESNEXT_DATA_DIR</c>.</summary>
    EnvironmentVariable,

    /// <summary>The user cache folder, filled by an earlier download or by hand.</summary>
    UserCache,

    /// <summary>The system folder of Debian's package dataset-fashion-mnist.</summary>
    SystemFolder,

    /// <summary>Downloaded into the user cache just now.</summary>
    Download,
}

/// <summary>Paths of the four Fashion-MNIST files in one folder, and where that folder came from.</summary>
/// <param name="Folder">Folder that contains the four files.</param>
/// <param name="Source">The look-up step that found the folder.</param>
/// <param name="TrainImages">Path of the training images.</param>
/// <param name="TrainLabels">Path of the training labels.</param>
/// <param name="TestImages">Path of the test images.</param>
/// <param name="TestLabels">Path of the test labels.</param>
public sealed record FashionMnistFileSet(
    string Folder,
    FashionMnistSource Source,
    string TrainImages,
    string TrainLabels,
    string TestImages,
    string TestLabels);
