using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace ResNeXtLib.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, either raw or gzip-compressed.
/// </summary>
/// <remarks>
/// An IDX file starts with a big-endian magic number (two zero bytes, a type code, the number
/// of dimensions), then one big-endian 32-bit size per dimension, then the data in row-major
/// order. Gzip is detected by its magic bytes 1F 8B, not by the file name, so a raw file named
/// <c>.gz</c> is read as well. Every error is an <see cref="InvalidDataException"/> whose message
/// names the file, what was expected, what was found and what to do.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImageMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelMagic = 0x00000801;

    private const byte GzipMagic0 = 0x1F;
    private const byte GzipMagic1 = 0x8B;

    // Type codes allowed by the IDX format: ubyte, sbyte, short, int, float, double.
    private static readonly byte[] IdxTypeCodes = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Reads an image file and returns its pixels, one byte per pixel, image after image.
    /// </summary>
    /// <param name="path">Path of the IDX image file, raw or gzip.</param>
    /// <param name="rows">Expected image height in pixels (28 for Fashion-MNIST).</param>
    /// <param name="columns">Expected image width in pixels (28 for Fashion-MNIST).</param>
    /// <param name="expectedCount">Expected number of images, or null to accept any count.</param>
    /// <returns>An array of <c>count * rows * columns</c> bytes.</returns>
    /// <exception cref="InvalidDataException">The file is invalid or does not match the expectations.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static byte[] ReadImages(string path, int rows = 28, int columns = 28, int? expectedCount = null)
    {
        using var reader = IdxStream.Open(path);
        int[] dimensions = ReadHeader(reader, ImageMagic, "image");
        int count = dimensions[0];

        if (dimensions[1] != rows || dimensions[2] != columns)
        {
            throw new InvalidDataException(
                $"{reader.Path} contains images of {dimensions[1]}x{dimensions[2]} pixels, " +
                $"expected {rows}x{columns}. {RepairAdvice(reader.Path)}");
        }

        CheckCount(reader.Path, count, expectedCount, "images");
        return ReadData(reader, count, (long)rows * columns, $"{count.ToString("N0", Invariant)} images of {rows}x{columns}");
    }

    /// <summary>
    /// Reads a label file and checks that every label is a class index in 0..classCount-1.
    /// </summary>
    /// <param name="path">Path of the IDX label file, raw or gzip.</param>
    /// <param name="classCount">Number of classes (10 for Fashion-MNIST).</param>
    /// <param name="expectedCount">Expected number of labels, or null to accept any count.</param>
    /// <returns>One byte per label.</returns>
    /// <exception cref="InvalidDataException">The file is invalid or does not match the expectations.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static byte[] ReadLabels(string path, int classCount = 10, int? expectedCount = null)
    {
        using var reader = IdxStream.Open(path);
        int count = ReadHeader(reader, LabelMagic, "label")[0];
        CheckCount(reader.Path, count, expectedCount, "labels");
        byte[] labels = ReadData(reader, count, 1, $"{count.ToString("N0", Invariant)} labels");

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new InvalidDataException(
                    $"{reader.Path} contains label {labels[i]} at index {i.ToString("N0", Invariant)}, " +
                    $"expected a class index from 0 to {classCount - 1}. {RepairAdvice(reader.Path)}");
            }
        }

        return labels;
    }

    /// <summary>
    /// Reads an image file and its label file and checks that both hold the same number of items.
    /// </summary>
    /// <param name="imagesPath">Path of the IDX image file.</param>
    /// <param name="labelsPath">Path of the IDX label file.</param>
    /// <param name="expectedCount">Expected number of images and labels, or null to accept any count.</param>
    /// <exception cref="InvalidDataException">Either file is invalid, or the counts differ.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static ImageSet ReadImageSet(string imagesPath, string labelsPath, int? expectedCount = null)
    {
        const int Side = FashionMnist.ImageSize;
        byte[] pixels = ReadImages(imagesPath, Side, Side, expectedCount);
        byte[] labels = ReadLabels(labelsPath, FashionMnist.ClassCount, expectedCount);

        int imageCount = pixels.Length / (Side * Side);
        if (imageCount != labels.Length)
        {
            string fullImagesPath = Path.GetFullPath(imagesPath);
            string fullLabelsPath = Path.GetFullPath(labelsPath);
            throw new InvalidDataException(
                $"{fullImagesPath} contains {imageCount.ToString("N0", Invariant)} images but " +
                $"{fullLabelsPath} contains {labels.Length.ToString("N0", Invariant)} labels, but the counts must be equal. " +
                "Check that both files belong to the same split (train-* or t10k-*), " +
                "then replace the wrong one with a good copy.");
        }

        return new ImageSet(pixels, labels, Side, Side);
    }

    /// <summary>Reads the magic number and dimensions and returns the dimensions.</summary>
    private static int[] ReadHeader(IdxStream reader, int expectedMagic, string kind)
    {
        Span<byte> magicBytes = stackalloc byte[4];
        int magicRead = reader.ReadUpTo(magicBytes);
        if (magicRead < 4)
        {
            throw Truncated(reader, $"the 4-byte IDX magic number", magicRead);
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        bool looksLikeIdx = magicBytes[0] == 0 && magicBytes[1] == 0 && Array.IndexOf(IdxTypeCodes, magicBytes[2]) >= 0;
        if (!looksLikeIdx)
        {
            string problem = reader.IsGzip
                ? "its decompressed content is not IDX data"
                : "it is neither a gzip file (magic bytes 1F 8B) nor an IDX file";
            throw new InvalidDataException(
                $"{reader.Path} is not a valid {kind} file: {problem}. " +
                $"Expected IDX magic number 0x{expectedMagic:X8}, found first bytes {Convert.ToHexString(magicBytes)}. " +
                RepairAdvice(reader.Path));
        }

        if (magic != expectedMagic)
        {
            string hint = magic switch
            {
                ImageMagic => " It looks like an image file.",
                LabelMagic => " It looks like a label file.",
                _ => "",
            };
            throw new InvalidDataException(
                $"{reader.Path} has IDX magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} for a {kind} file.{hint} " +
                $"Check which file was passed, or replace it with a good copy. {RepairAdvice(reader.Path)}");
        }

        int dimensionCount = magicBytes[3];
        Span<byte> sizeBytes = stackalloc byte[4 * dimensionCount];
        int sizesRead = reader.ReadUpTo(sizeBytes);
        if (sizesRead < sizeBytes.Length)
        {
            throw Truncated(reader, $"the {dimensionCount} dimension sizes of the header", sizesRead);
        }

        var dimensions = new int[dimensionCount];
        for (int i = 0; i < dimensionCount; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(sizeBytes.Slice(4 * i, 4));
            if (dimensions[i] < 0)
            {
                throw new InvalidDataException(
                    $"{reader.Path} declares a negative size {dimensions[i]} for dimension {i}, " +
                    $"but sizes cannot be negative. The header is corrupt. {RepairAdvice(reader.Path)}");
            }
        }

        return dimensions;
    }

    private static void CheckCount(string path, int count, int? expectedCount, string items)
    {
        if (expectedCount is int expected && count != expected)
        {
            throw new InvalidDataException(
                $"{path} contains {count.ToString("N0", Invariant)} {items}, expected {expected.ToString("N0", Invariant)}. " +
                $"The file is incomplete or a different file. {RepairAdvice(path)}");
        }
    }

    /// <summary>Reads exactly <c>count * itemSize</c> bytes and checks that nothing follows them.</summary>
    private static byte[] ReadData(IdxStream reader, int count, long itemSize, string declared)
    {
        long length = count * itemSize;
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{reader.Path} declares {declared}, which is {length.ToString("N0", Invariant)} bytes, " +
                $"more than one array can hold. The header is corrupt. {RepairAdvice(reader.Path)}");
        }

        var data = new byte[length];
        int read = reader.ReadUpTo(data);
        if (read < length)
        {
            throw new InvalidDataException(
                $"{reader.Path} is truncated: the header declares {declared} " +
                $"({length.ToString("N0", Invariant)} bytes of data), but the data ends after " +
                $"{read.ToString("N0", Invariant)} bytes. {RepairAdvice(reader.Path)}");
        }

        Span<byte> extra = stackalloc byte[1];
        if (reader.ReadUpTo(extra) > 0)
        {
            throw new InvalidDataException(
                $"{reader.Path} is longer than its header declares: expected {declared} " +
                $"({length.ToString("N0", Invariant)} bytes of data) and then the end of the file, found more bytes. " +
                RepairAdvice(reader.Path));
        }

        return data;
    }

    private static InvalidDataException Truncated(IdxStream reader, string expected, int found) =>
        new(
            $"{reader.Path} is truncated: expected {expected}, but the file ends after {found} of those bytes. " +
            RepairAdvice(reader.Path));

    /// <summary>Returns the sentence telling how to replace a bad file, based on where it is.</summary>
    internal static string RepairAdvice(string path)
    {
        if (path.StartsWith(FashionMnistLocator.DebianDataFolder, StringComparison.Ordinal))
        {
            return "The file belongs to the Debian package dataset-fashion-mnist; " +
                   "reinstall it with: sudo apt-get install --reinstall dataset-fashion-mnist";
        }

        // Only the user cache is refilled by a download; a file in a folder the user chose has to be replaced by hand.
        string cache = Path.GetFullPath(FashionMnistLocator.DefaultCacheFolder());
        if (Path.GetFullPath(path).StartsWith(cache, StringComparison.Ordinal))
        {
            return $"Delete {path} so that the workbook downloads it again, or copy a good file to that path.";
        }

        return $"Replace {path} with a good copy of the original Fashion-MNIST file of that name, " +
               $"or remove that folder's setting (such as {FashionMnistLocator.DataFolderVariable}) so the workbook uses its cache or downloads the data.";
    }

    /// <summary>
    /// An open IDX file that decompresses gzip transparently and adds the file path and a fix to gzip errors.
    /// </summary>
    private sealed class IdxStream : IDisposable
    {
        private readonly FileStream _file;
        private readonly Stream _data;

        private IdxStream(string path, FileStream file, Stream data, bool isGzip)
        {
            Path = path;
            _file = file;
            _data = data;
            IsGzip = isGzip;
        }

        public string Path { get; }

        public bool IsGzip { get; }

        public static IdxStream Open(string path)
        {
            string fullPath = System.IO.Path.GetFullPath(path);
            var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            try
            {
                Span<byte> start = stackalloc byte[2];
                int startRead = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
                file.Position = 0;

                bool isGzip = startRead == 2 && start[0] == GzipMagic0 && start[1] == GzipMagic1;
                Stream data = isGzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
                return new IdxStream(fullPath, file, data, isGzip);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>Fills <paramref name="buffer"/> as far as the data goes and returns the bytes read.</summary>
        public int ReadUpTo(Span<byte> buffer)
        {
            try
            {
                return _data.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e) when (IsGzip)
            {
                throw new InvalidDataException(
                    $"{Path} starts with the gzip magic bytes 1F 8B but is not valid gzip data ({e.Message.TrimEnd('.')}). " +
                    $"Expected a gzip-compressed IDX file. {RepairAdvice(Path)}", e);
            }
        }

        public void Dispose()
        {
            if (!ReferenceEquals(_data, _file))
            {
                _data.Dispose();
            }

            _file.Dispose();
        }
    }
}
