using ResNeXtLib.Data;

namespace ResNeXtLib.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly SyntheticIdx _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadImages_Gzip_ReturnsPixels()
    {
        string path = _files.Write("images.gz", SyntheticIdx.Gzip(SyntheticIdx.Images(3)));

        byte[] pixels = IdxReader.ReadImages(path);

        Assert.Equal(3 * 28 * 28, pixels.Length);
        Assert.Equal(SyntheticIdx.Images(3)[16..], pixels);
    }

    [Fact]
    public void ReadImages_RawNamedGz_IsAccepted()
    {
        string path = _files.Write("train-images-idx3-ubyte.gz", SyntheticIdx.Images(2));

        byte[] pixels = IdxReader.ReadImages(path);

        Assert.Equal(2 * 28 * 28, pixels.Length);
    }

    [Fact]
    public void ReadLabels_Raw_ReturnsLabels()
    {
        string path = _files.Write("labels", SyntheticIdx.Labels(12));

        byte[] labels = IdxReader.ReadLabels(path);

        Assert.Equal(SyntheticIdx.Labels(12)[8..], labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_Truncated_NamesFile(bool gzip)
    {
        byte[] data = SyntheticIdx.Images(4)[..^100];
        string path = _files.Write("truncated.gz", gzip ? SyntheticIdx.Gzip(data) : data);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("3,036 bytes", error.Message);
    }

    [Fact]
    public void ReadImages_TruncatedGzipStream_NamesFile()
    {
        byte[] gzip = SyntheticIdx.Gzip(SyntheticIdx.Images(20));
        string path = _files.Write("cut.gz", gzip[..(gzip.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ReadImages_HeaderOnlyPartly_ReportsTruncated()
    {
        string path = _files.Write("short", SyntheticIdx.Images(1)[..10]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ReadImages_LabelFile_ReportsWrongMagic()
    {
        string path = _files.Write("labels.gz", SyntheticIdx.Gzip(SyntheticIdx.Labels(5)));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("magic number 0x00000801, expected 0x00000803", error.Message);
        Assert.Contains("looks like a label file", error.Message);
    }

    [Fact]
    public void ReadLabels_ImageFile_ReportsWrongMagic()
    {
        string path = _files.Write("images", SyntheticIdx.Images(1));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("magic number 0x00000803, expected 0x00000801", error.Message);
    }

    [Fact]
    public void ReadImages_NeitherGzipNorIdx_Rejects()
    {
        string path = _files.Write("page.gz", "<html>Not found</html>"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("neither a gzip file", error.Message);
        Assert.Contains("3C68746D", error.Message);
    }

    [Fact]
    public void ReadImages_InvalidGzip_NamesFile()
    {
        byte[] gzip = SyntheticIdx.Gzip(SyntheticIdx.Images(5));
        for (int i = 10; i < gzip.Length - 8; i++)
        {
            gzip[i] = 0xFF;
        }

        string path = _files.Write("broken.gz", gzip);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not valid gzip", error.Message);
    }

    [Fact]
    public void ReadImages_GzipOfOtherData_Rejects()
    {
        string path = _files.Write("text.gz", SyntheticIdx.Gzip("hello, world"u8.ToArray()));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("decompressed content is not IDX", error.Message);
    }

    [Fact]
    public void ReadImages_32x32_ReportsSize()
    {
        string path = _files.Write("big.gz", SyntheticIdx.Gzip(SyntheticIdx.Images(2, rows: 32, columns: 32)));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("32x32 pixels, expected 28x28", error.Message);
    }

    [Fact]
    public void ReadLabels_OutOfRange_ReportsLabel()
    {
        byte[] data = SyntheticIdx.Labels(20);
        data[8 + 13] = 10;
        string path = _files.Write("labels", data);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("label 10 at index 13", error.Message);
        Assert.Contains("from 0 to 9", error.Message);
    }

    [Fact]
    public void ReadImages_ExtraBytes_Rejects()
    {
        string path = _files.Write("long", [.. SyntheticIdx.Images(2), 7]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("longer than its header declares", error.Message);
    }

    [Fact]
    public void ReadImages_UnexpectedCount_Rejects()
    {
        string path = _files.Write("images", SyntheticIdx.Images(2));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path, expectedCount: 60_000));

        Assert.Contains(path, error.Message);
        Assert.Contains("contains 2 images, expected 60,000", error.Message);
    }

    [Fact]
    public void ReadImageSet_CountMismatch_NamesBothFiles()
    {
        string images = _files.Write("images.gz", SyntheticIdx.Gzip(SyntheticIdx.Images(5)));
        string labels = _files.Write("labels.gz", SyntheticIdx.Gzip(SyntheticIdx.Labels(6)));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImageSet(images, labels));

        Assert.Contains($"{images} contains 5 images", error.Message);
        Assert.Contains($"{labels} contains 6 labels", error.Message);
    }

    [Fact]
    public void ReadImageSet_Matching_ReturnsSet()
    {
        string images = _files.Write("images.gz", SyntheticIdx.Gzip(SyntheticIdx.Images(5)));
        string labels = _files.Write("labels.gz", SyntheticIdx.Gzip(SyntheticIdx.Labels(5)));

        ImageSet set = IdxReader.ReadImageSet(images, labels);

        Assert.Equal(5, set.Count);
        Assert.Equal(4, set.GetLabel(4));
        Assert.Equal(SyntheticIdx.Images(5)[(16 + 28 * 28)..(16 + 2 * 28 * 28)], set.GetImage(1).ToArray());
    }

    [Fact]
    public void ReadImages_UserFolderFile_AdvisesReplace()
    {
        string path = _files.Write("short.gz", SyntheticIdx.Images(1)[..20]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains($"Replace {path} with a good copy", error.Message);
        Assert.DoesNotContain("downloads it again", error.Message);
    }
}
