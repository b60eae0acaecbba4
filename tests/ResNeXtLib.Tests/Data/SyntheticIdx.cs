using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ResNeXtLib.Tests.Data;

/// <summary>Builds small IDX files in a temporary folder that is deleted on dispose.</summary>
public sealed class SyntheticIdx : IDisposable
{
    public SyntheticIdx()
    {
        Folder = Path.Combine(Path.GetTempPath(), "resnext-data-tests", Path.GetRandomFileName());
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Returns raw IDX image bytes: <paramref name="count"/> images whose pixels are (image + pixel) mod 256.</summary>
    public static byte[] Images(int count, int rows = 28, int columns = 28, int magic = 0x00000803)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 0; i < count * rows * columns; i++)
        {
            bytes[16 + i] = (byte)(i / (rows * columns) + i % (rows * columns));
        }

        return bytes;
    }

    /// <summary>Returns raw IDX label bytes with labels 0, 1, ..., 9, 0, 1, ...</summary>
    public static byte[] Labels(int count, int magic = 0x00000801)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            bytes[8 + i] = (byte)(i % 10);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static string Md5(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    /// <summary>Writes <paramref name="data"/> to <paramref name="name"/> in the folder and returns the path.</summary>
    public string Write(string name, byte[] data)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder does not affect other tests.
        }
    }
}
