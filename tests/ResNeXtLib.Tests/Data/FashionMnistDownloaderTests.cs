using ResNeXtLib.Data;

namespace ResNeXtLib.Tests.Data;

public sealed class FashionMnistDownloaderTests : IAsyncLifetime
{
    private static readonly FashionMnistFile File0 = FashionMnistFile.TrainLabels;

    private readonly SyntheticIdx _files = new();
    private readonly LocalHttpServer _server = new();
    private readonly StringWriter _log = new();
    private readonly Dictionary<string, byte[]> _bodies = [];

    public FashionMnistDownloaderTests()
    {
        foreach (FashionMnistFile file in FashionMnistFile.All)
        {
            _bodies[file.Name] = SyntheticIdx.Gzip(file.IsImages ? SyntheticIdx.Images(3) : SyntheticIdx.Labels(3));
        }
    }

    private string Cache => Path.Combine(_files.Folder, "cache");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    private FashionMnistDownloaderOptions Options(int maxAttempts = 1, double timeoutSeconds = 5) => new()
    {
        BaseUri = _server.BaseUri,
        ExpectedMd5 = _bodies.ToDictionary(pair => pair.Key, pair => SyntheticIdx.Md5(pair.Value)),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        MaxAttempts = maxAttempts,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Log = _log,
    };

    private void ServeAll(ServeMode mode = ServeMode.Good)
    {
        foreach (var (name, body) in _bodies)
        {
            _server.Serve(name, body, mode);
        }
    }

    private string[] CacheFileNames() =>
        Directory.Exists(Cache) ? Directory.GetFiles(Cache).Select(Path.GetFileName).Order().ToArray()! : [];

    [Fact]
    public async Task DownloadMissing_GoodServer_FillsCache()
    {
        ServeAll();

        await new FashionMnistDownloader(Options()).DownloadMissingAsync(Cache);

        Assert.Equal(FashionMnistFile.All.Select(file => file.Name).Order(), CacheFileNames());
        foreach (FashionMnistFile file in FashionMnistFile.All)
        {
            Assert.Equal(_bodies[file.Name], File.ReadAllBytes(Path.Combine(Cache, file.Name)));
        }
    }

    [Fact]
    public async Task DownloadMissing_PresentFile_IsKept()
    {
        ServeAll();
        Directory.CreateDirectory(Cache);
        File.WriteAllBytes(Path.Combine(Cache, File0.Name), [1, 2, 3]);

        await new FashionMnistDownloader(Options()).DownloadMissingAsync(Cache);

        Assert.Equal(0, _server.RequestCount(File0.Name));
        Assert.Equal(1, _server.RequestCount(FashionMnistFile.TestImages.Name));
    }

    [Fact]
    public async Task DownloadFile_ChecksumMismatch_KeepsNoFile()
    {
        _server.Serve(File0.Name, SyntheticIdx.Gzip(SyntheticIdx.Labels(4)));
        var downloader = new FashionMnistDownloader(Options());

        var error = await Assert.ThrowsAsync<FashionMnistDownloadException>(() => downloader.DownloadFileAsync(File0, Cache));

        Assert.Contains(new Uri(_server.BaseUri, File0.Name).ToString(), error.Message);
        Assert.Contains("MD5", error.Message);
        Assert.Contains(SyntheticIdx.Md5(_bodies[File0.Name]), error.Message);
        Assert.Equal(Path.Combine(Cache, File0.Name), error.FilePath);
        Assert.Empty(CacheFileNames());
    }

    [Fact]
    public async Task DownloadFile_ChecksumMismatch_KeepsOldFile()
    {
        Directory.CreateDirectory(Cache);
        string finalPath = Path.Combine(Cache, File0.Name);
        File.WriteAllBytes(finalPath, [42]);
        _server.Serve(File0.Name, [1, 2, 3]);

        await Assert.ThrowsAsync<FashionMnistDownloadException>(
            () => new FashionMnistDownloader(Options()).DownloadFileAsync(File0, Cache));

        Assert.Equal([42], File.ReadAllBytes(finalPath));
        Assert.Equal([File0.Name], CacheFileNames());
    }

    [Theory]
    [InlineData(ServeMode.CloseHalfway)]
    [InlineData(ServeMode.CloseHalfwayWithoutLength)]
    public async Task DownloadFile_ClosedHalfway_ThenRetrySucceeds(ServeMode mode)
    {
        byte[] body = SyntheticIdx.Gzip(SyntheticIdx.Images(50));
        _bodies[FashionMnistFile.TrainImages.Name] = body;
        _server.Serve(FashionMnistFile.TrainImages.Name, body, mode, ServeMode.Good);
        var downloader = new FashionMnistDownloader(Options());

        var error = await Assert.ThrowsAsync<FashionMnistDownloadException>(
            () => downloader.DownloadFileAsync(FashionMnistFile.TrainImages, Cache));

        Assert.Contains(new Uri(_server.BaseUri, FashionMnistFile.TrainImages.Name).ToString(), error.Message);
        Assert.Empty(CacheFileNames());

        string path = await downloader.DownloadFileAsync(FashionMnistFile.TrainImages, Cache);

        Assert.Equal(body, File.ReadAllBytes(path));
        Assert.Equal([FashionMnistFile.TrainImages.Name], CacheFileNames());
    }

    [Fact]
    public async Task DownloadFile_NoAnswer_TimesOutThenRetrySucceeds()
    {
        _server.Serve(File0.Name, _bodies[File0.Name], ServeMode.NeverAnswer, ServeMode.Good);
        var downloader = new FashionMnistDownloader(Options(timeoutSeconds: 0.3));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FashionMnistDownloadException>(() => downloader.DownloadFileAsync(File0, Cache));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the time-out took {clock.Elapsed}");
        Assert.Contains("timed out", error.Message);
        Assert.Contains(new Uri(_server.BaseUri, File0.Name).ToString(), error.Message);
        Assert.Empty(CacheFileNames());

        await downloader.DownloadFileAsync(File0, Cache);

        Assert.Equal([File0.Name], CacheFileNames());
    }

    [Fact]
    public async Task DownloadFile_StallMidBody_TimesOut()
    {
        byte[] body = SyntheticIdx.Gzip(SyntheticIdx.Images(50));
        _bodies[FashionMnistFile.TrainImages.Name] = body;
        _server.Serve(FashionMnistFile.TrainImages.Name, body, ServeMode.StallHalfway, ServeMode.Good);
        var downloader = new FashionMnistDownloader(Options(timeoutSeconds: 0.3));

        var error = await Assert.ThrowsAsync<FashionMnistDownloadException>(
            () => downloader.DownloadFileAsync(FashionMnistFile.TrainImages, Cache));

        Assert.Contains("timed out", error.Message);
        Assert.Empty(CacheFileNames());

        string path = await downloader.DownloadFileAsync(FashionMnistFile.TrainImages, Cache);

        Assert.Equal(body, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task DownloadFile_SecondAttempt_Succeeds()
    {
        _server.Serve(File0.Name, _bodies[File0.Name], ServeMode.CloseHalfway, ServeMode.Good);

        await new FashionMnistDownloader(Options(maxAttempts: 2)).DownloadFileAsync(File0, Cache);

        Assert.Equal(2, _server.RequestCount(File0.Name));
        Assert.Equal([File0.Name], CacheFileNames());
        Assert.Contains("try 1 of 2 failed", _log.ToString());
    }

    [Fact]
    public async Task DownloadFile_NotFound_ReportsStatus()
    {
        _server.Serve(File0.Name, [], ServeMode.NotFound);

        var error = await Assert.ThrowsAsync<FashionMnistDownloadException>(
            () => new FashionMnistDownloader(Options()).DownloadFileAsync(File0, Cache));

        Assert.Contains("404", error.Message);
        Assert.Contains(_server.BaseUri.ToString(), error.Message);
        Assert.Empty(CacheFileNames());
    }

    [Fact]
    public async Task DownloadFile_ReportsProgressToTotal()
    {
        ServeAll();
        var reports = new List<DownloadProgress>();
        var options = Options();
        options = new FashionMnistDownloaderOptions
        {
            BaseUri = options.BaseUri,
            ExpectedMd5 = options.ExpectedMd5,
            Progress = new SynchronousProgress(reports.Add),
            Log = null,
        };

        await new FashionMnistDownloader(options).DownloadFileAsync(File0, Cache);

        long size = _bodies[File0.Name].Length;
        Assert.NotEmpty(reports);
        Assert.All(reports, report => Assert.Equal(size, report.TotalBytes));
        Assert.Equal(size, reports[^1].BytesReceived);
    }

    [Fact]
    public void ConsoleProgress_PrintsAtMostEveryTenPercent()
    {
        var output = new StringWriter();
        var progress = new ConsoleDownloadProgress(output);

        for (long received = 0; received <= 1_000_000; received += 1_000)
        {
            progress.Report(new DownloadProgress("train-images-idx3-ubyte.gz", received, 1_000_000));
        }

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("Downloading train-images-idx3-ubyte.gz: 0% (0.0 MB of 1.0 MB)", lines[0]);
        Assert.Equal("Downloading train-images-idx3-ubyte.gz: 100% (1.0 MB of 1.0 MB)", lines[^1]);
    }

    [Fact]
    public void Locate_DownloadAllowed_FillsCache()
    {
        ServeAll();
        var options = new FashionMnistLocatorOptions
        {
            EnvironmentVariable = "RESNEXT_TESTS_UNSET_VARIABLE",
            CacheFolder = Cache,
            SystemFolder = Path.Combine(_files.Folder, "system"),
            Download = Options(),
            Log = _log,
        };

        FashionMnistFileSet files = new FashionMnistLocator(options).Locate();

        Assert.Equal(FashionMnistSource.Download, files.Source);
        Assert.Equal(4, CacheFileNames().Length);
        Assert.Equal(3, IdxReader.ReadImageSet(files.TrainImages, files.TrainLabels).Count);
        Assert.Contains($"Fashion-MNIST: using {Cache} (downloaded from {_server.BaseUri}", _log.ToString());
    }

    [Fact]
    public void Locate_DownloadFails_ListsFailure()
    {
        ServeAll(ServeMode.NotFound);
        var options = new FashionMnistLocatorOptions
        {
            EnvironmentVariable = "RESNEXT_TESTS_UNSET_VARIABLE",
            CacheFolder = Cache,
            SystemFolder = Path.Combine(_files.Folder, "system"),
            Download = Options(),
            Log = _log,
        };

        var error = Assert.Throws<FashionMnistNotFoundException>(() => new FashionMnistLocator(options).Locate());

        Assert.StartsWith($"download from {_server.BaseUri} into {Cache}: failed:", error.SearchedPlaces[^1]);
        Assert.Contains("404", error.Message);
        Assert.IsType<FashionMnistDownloadException>(error.InnerException);
        Assert.Empty(CacheFileNames());
    }

    /// <summary>Calls the handler on the reporting thread, unlike <see cref="Progress{T}"/>, which posts it.</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> handler) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => handler(value);
    }
}
