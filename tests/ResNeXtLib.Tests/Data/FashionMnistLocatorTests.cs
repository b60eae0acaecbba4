using ResNeXtLib.Data;

namespace ResNeXtLib.Tests.Data;

public sealed class FashionMnistLocatorTests : IDisposable
{
    private readonly SyntheticIdx _files = new();
    private readonly StringWriter _log = new();

    // Each test uses its own variable name, so tests running in parallel never see each other's value.
    private readonly string _variable = "RESNEXT_TEST_DATA_DIR_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        _files.Dispose();
    }

    /// <summary>Creates <paramref name="name"/> under the temporary folder with four small files and returns its path.</summary>
    private string CompleteFolder(string name)
    {
        string folder = Path.Combine(_files.Folder, name);
        Directory.CreateDirectory(folder);
        foreach (FashionMnistFile file in FashionMnistFile.All)
        {
            byte[] data = file.IsImages ? SyntheticIdx.Images(2) : SyntheticIdx.Labels(2);
            File.WriteAllBytes(Path.Combine(folder, file.Name), SyntheticIdx.Gzip(data));
        }

        return folder;
    }

    private FashionMnistLocatorOptions Options(string? dataFolder = null, string? cache = null, string? system = null) => new()
    {
        DataFolder = dataFolder,
        EnvironmentVariable = _variable,
        CacheFolder = cache ?? Path.Combine(_files.Folder, "cache"),
        SystemFolder = system ?? Path.Combine(_files.Folder, "system"),
        AllowDownload = false,
        Log = _log,
    };

    [Fact]
    public void Locate_ExplicitFolder_Wins()
    {
        string explicitFolder = CompleteFolder("explicit");
        Environment.SetEnvironmentVariable(_variable, CompleteFolder("from-variable"));

        FashionMnistFileSet files = new FashionMnistLocator(
            Options(explicitFolder, CompleteFolder("cache"), CompleteFolder("system"))).Locate();

        Assert.Equal(FashionMnistSource.ExplicitFolder, files.Source);
        Assert.Equal(explicitFolder, files.Folder);
        Assert.Equal(Path.Combine(explicitFolder, "train-images-idx3-ubyte.gz"), files.TrainImages);
        Assert.Equal(Path.Combine(explicitFolder, "t10k-labels-idx1-ubyte.gz"), files.TestLabels);
    }

    [Fact]
    public void Locate_EnvironmentVariable_BeatsCache()
    {
        string variableFolder = CompleteFolder("from-variable");
        Environment.SetEnvironmentVariable(_variable, variableFolder);

        FashionMnistFileSet files = new FashionMnistLocator(Options(cache: CompleteFolder("cache"))).Locate();

        Assert.Equal(FashionMnistSource.EnvironmentVariable, files.Source);
        Assert.Equal(variableFolder, files.Folder);
    }

    [Fact]
    public void Locate_CacheBeatsSystemFolder()
    {
        string cache = CompleteFolder("cache");

        FashionMnistFileSet files = new FashionMnistLocator(Options(cache: cache, system: CompleteFolder("system"))).Locate();

        Assert.Equal(FashionMnistSource.UserCache, files.Source);
        Assert.Equal(cache, files.Folder);
    }

    [Fact]
    public void Locate_SystemFolder_IsLast()
    {
        string system = CompleteFolder("system");

        FashionMnistFileSet files = new FashionMnistLocator(Options(system: system)).Locate();

        Assert.Equal(FashionMnistSource.SystemFolder, files.Source);
        Assert.Equal(system, files.Folder);
    }

    [Fact]
    public void Locate_Found_PrintsOneLine()
    {
        string system = CompleteFolder("system");

        new FashionMnistLocator(Options(system: system)).Locate();

        string[] lines = _log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines);
        Assert.Contains(system, line);
        Assert.Contains("system folder", line);
    }

    [Fact]
    public void Locate_IncompleteExplicitFolder_FallsThroughAndLogs()
    {
        string partial = CompleteFolder("partial");
        File.Delete(Path.Combine(partial, "t10k-images-idx3-ubyte.gz"));
        string system = CompleteFolder("system");

        FashionMnistFileSet files = new FashionMnistLocator(Options(partial, system: system)).Locate();

        Assert.Equal(FashionMnistSource.SystemFolder, files.Source);
        Assert.Contains($"not using folder argument {partial}: missing t10k-images-idx3-ubyte.gz", _log.ToString());
    }

    [Fact]
    public void Locate_UncompressedNames_AreFound()
    {
        string folder = CompleteFolder("gunzipped");
        File.Move(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-images-idx3-ubyte"));

        FashionMnistFileSet files = new FashionMnistLocator(Options(folder)).Locate();

        Assert.Equal(Path.Combine(folder, "train-images-idx3-ubyte"), files.TrainImages);
    }

    [Fact]
    public void Locate_MissingEverywhere_ListsPlacesInOrder()
    {
        string explicitFolder = Path.Combine(_files.Folder, "nowhere");
        string cache = Path.Combine(_files.Folder, "cache");
        string system = CompleteFolder("system");
        File.Delete(Path.Combine(system, "train-labels-idx1-ubyte.gz"));

        var error = Assert.Throws<FashionMnistNotFoundException>(
            () => new FashionMnistLocator(Options(explicitFolder, cache, system)).Locate());

        Assert.Equal(5, error.SearchedPlaces.Count);
        Assert.Equal($"folder argument {explicitFolder}: folder does not exist", error.SearchedPlaces[0]);
        Assert.Equal($"environment variable {_variable}: not set", error.SearchedPlaces[1]);
        Assert.Equal($"user cache {cache}: folder does not exist", error.SearchedPlaces[2]);
        Assert.StartsWith($"system folder of Debian package dataset-fashion-mnist {system}: missing train-labels-idx1-ubyte.gz", error.SearchedPlaces[3]);
        Assert.StartsWith($"download from {FashionMnistDownloader.OfficialBaseUri} into {cache}: turned off", error.SearchedPlaces[4]);

        int[] positions = error.SearchedPlaces.Select(place => error.Message.IndexOf(place, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", error.Message);
        Assert.Contains("AllowDownload = true", error.Message);
        Assert.Contains($"into {cache}", error.Message);
    }

    [Fact]
    public void DefaultCacheFolder_EndsWithWorkbookFolder()
    {
        string folder = FashionMnistLocator.DefaultCacheFolder();

        Assert.EndsWith(Path.Combine("resnext-workbook", "fashion-mnist"), folder);
        Assert.True(Path.IsPathRooted(folder));
    }
}
