using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace ResNeXtLib.Training;

/// <summary>
/// The contents of a checkpoint file, read and checked for integrity: the model description, the training position
/// (completed epochs, steps per epoch), the training options, the metric history and the stored tensors.
/// </summary>
/// <remarks>
/// <para>
/// File layout (format version 1): the 8 ASCII bytes <c>RNXTCKPT</c>, the format version and the header length as
/// little-endian 32-bit integers, the header as UTF-8 JSON, the payload (every tensor's bytes, little-endian, in
/// header order) and the SHA-256 of everything before it (32 bytes).
/// </para>
/// <para>
/// <see cref="Trainer.SaveCheckpoint"/> writes it and <see cref="Trainer.LoadCheckpoint"/> loads it. The format is
/// this library's own, not PyTorch's <c>.pt</c>; the tensor names are the state-dict keys, so weights can be mapped.
/// </para>
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private const int PrefixLength = 16;
    private const int ChecksumLength = 32;
    private static readonly byte[] Magic = "RNXTCKPT"u8.ToArray();
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly byte[] file;
    private readonly int payloadStart;

    private Checkpoint(string path, byte[] file, int payloadStart, CheckpointHeader header)
    {
        Path = path;
        this.file = file;
        this.payloadStart = payloadStart;
        Header = header;
    }

    /// <summary>The full path the checkpoint was read from.</summary>
    public string Path { get; }

    /// <summary>The architecture name of the saved model, for example "ResNeXt-Small (8x4d, 28x28)".</summary>
    public string Architecture => Header.Architecture;

    /// <summary>The number of classes of the saved model, or null when the model was not a <see cref="Models.ResNeXt"/>.</summary>
    public int? ClassCount => Header.ClassCount;

    /// <summary>The number of epochs completed when the checkpoint was saved.</summary>
    public int CompletedEpochs => Header.CompletedEpochs;

    /// <summary>Training steps per epoch of the run, or 0 when the checkpoint was saved before any training.</summary>
    public int StepsPerEpoch => Header.StepsPerEpoch;

    /// <summary>The size of the training set of the run, or 0 when the checkpoint was saved before any training.</summary>
    public int TrainingImages => Header.TrainingImages;

    /// <summary>The seed that shuffles the next epoch's batches, <c>Seed * 1000 + epoch</c>. It is stored for reference, because it follows from the options.</summary>
    public int NextBatchOrderSeed => Header.NextBatchOrderSeed;

    /// <summary>The training options of the run.</summary>
    public TrainingOptions Options => Header.Options;

    /// <summary>The metrics of the completed epochs.</summary>
    public TrainingHistory History => new(Header.History);

    /// <summary>Every stored tensor, in file order.</summary>
    public IReadOnlyList<CheckpointTensor> Tensors => Header.Tensors;

    internal CheckpointHeader Header { get; }

    /// <summary>Reads <paramref name="path"/> and checks its magic bytes, format version, length and SHA-256 checksum.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidCheckpointException">The file is not a checkpoint, has another format version, is truncated or corrupt.</exception>
    public static Checkpoint Read(string path)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                $"Checkpoint file not found: {fullPath}. Check the path, or train with TrainingOptions.CheckpointPath set to write one.", fullPath);
        }

        byte[] file = File.ReadAllBytes(fullPath);
        if (file.Length < PrefixLength + ChecksumLength)
        {
            throw new InvalidCheckpointException(fullPath,
                $"the file has {file.Length} bytes, fewer than the {PrefixLength + ChecksumLength} bytes of the smallest possible checkpoint, so it is truncated or not a checkpoint.");
        }

        if (!file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidCheckpointException(fullPath,
                $"the file starts with the bytes {Convert.ToHexString(file, 0, Magic.Length)}, not the magic \"RNXTCKPT\" " +
                "(52 4E 58 54 43 4B 50 54), so it is not a ResNeXt Workbook checkpoint.");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8, 4));
        if (version != FormatVersion)
        {
            throw new InvalidCheckpointException(fullPath,
                $"the file has format version {version}, but this library reads version {FormatVersion}. Save the checkpoint again with this version of the library.");
        }

        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12, 4));
        if (headerLength <= 0 || headerLength > file.Length - PrefixLength - ChecksumLength)
        {
            throw new InvalidCheckpointException(fullPath,
                $"the header length field says {headerLength} bytes, but the file has only {file.Length} bytes in all, so it is truncated or corrupt.");
        }

        // The length is checked before the checksum, so a truncated file is reported as truncated, not only as corrupt.
        int payloadStart = PrefixLength + headerLength;
        CheckpointHeader header = ParseHeader(fullPath, file.AsSpan(PrefixLength, headerLength));
        long payloadLength = ValidateLayout(fullPath, header);
        long expectedLength = payloadStart + payloadLength + ChecksumLength;
        if (file.Length != expectedLength)
        {
            throw new InvalidCheckpointException(fullPath,
                $"the file has {file.Length} bytes, but its header describes {expectedLength} bytes, so it is " +
                $"{(file.Length < expectedLength ? "truncated (an interrupted copy or save)" : "longer than written")}. Use an earlier checkpoint.");
        }

        byte[] actual = SHA256.HashData(file.AsSpan(0, file.Length - ChecksumLength));
        if (!actual.AsSpan().SequenceEqual(file.AsSpan(file.Length - ChecksumLength)))
        {
            throw new InvalidCheckpointException(fullPath,
                "its SHA-256 checksum does not match its contents, so the file is corrupt. Use an earlier checkpoint.");
        }

        return new Checkpoint(fullPath, file, payloadStart, header);
    }

    /// <summary>Returns the bytes of <paramref name="tensor"/>, which must be one of <see cref="Tensors"/>.</summary>
    internal Span<byte> GetBytes(CheckpointTensor tensor) =>
        file.AsSpan(checked(payloadStart + (int)tensor.Offset), checked((int)tensor.Length));

    /// <summary>
    /// Writes a checkpoint to a temporary file next to <paramref name="path"/>, flushes it to disk and renames it into
    /// place, so a process killed during the save leaves the previous file at <paramref name="path"/> intact.
    /// </summary>
    internal static void Write(string path, CheckpointHeader header, IReadOnlyList<Tensor> tensors)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        RequireWritableFilePath(fullPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        string temporary = fullPath + ".tmp";
        try
        {
            WriteTemporary(temporary, header, tensors);

            // rename(2) on Linux and macOS replaces the target atomically; on Windows File.Move uses MoveFileEx with
            // MOVEFILE_REPLACE_EXISTING, which does not promise atomicity.
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            // A failed save must not leave a stray temporary file; the previous checkpoint stays as it was.
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Throws an <see cref="IOException"/> when <paramref name="fullPath"/> names a folder or sits under a file, before any training time is spent.</summary>
    internal static void RequireWritableFilePath(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"The checkpoint path {fullPath} is a folder; give a file path inside it, for example {System.IO.Path.Combine(fullPath, "model.ckpt")}.");
        }

        for (string? parent = System.IO.Path.GetDirectoryName(fullPath); !string.IsNullOrEmpty(parent); parent = System.IO.Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new IOException($"The checkpoint path {fullPath} cannot be created because {parent} is a file, not a folder; choose another path.");
            }
        }
    }

    private static void WriteTemporary(string temporary, CheckpointHeader header, IReadOnlyList<Tensor> tensors)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, JsonOptions));
        var prefix = new byte[PrefixLength];
        Magic.CopyTo(prefix, 0);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(8, 4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(12, 4), headerBytes.Length);

        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            void Append(ReadOnlySpan<byte> bytes)
            {
                hash.AppendData(bytes);
                stream.Write(bytes);
            }

            Append(prefix);
            Append(headerBytes);
            foreach (var tensor in tensors)
            {
                Append(tensor.bytes);
            }

            stream.Write(hash.GetHashAndReset());
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Returns the byte size of one element of <paramref name="dtype"/>, or 0 for a type checkpoints do not store.</summary>
    internal static int ElementSize(string dtype) => dtype switch
    {
        nameof(ScalarType.Float32) or nameof(ScalarType.Int32) => 4,
        nameof(ScalarType.Float64) or nameof(ScalarType.Int64) => 8,
        nameof(ScalarType.Float16) or nameof(ScalarType.BFloat16) or nameof(ScalarType.Int16) => 2,
        nameof(ScalarType.Byte) or nameof(ScalarType.Int8) or nameof(ScalarType.Bool) => 1,
        _ => 0,
    };

    private static CheckpointHeader ParseHeader(string path, ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointHeader>(json, JsonOptions)
                ?? throw new InvalidCheckpointException(path, "its header is the JSON value null.");
        }
        catch (JsonException error)
        {
            throw new InvalidCheckpointException(path, $"its header is not valid JSON ({error.Message}), so the file is corrupt. Use an earlier checkpoint.");
        }
    }

    /// <summary>Checks that the header has every field and that the tensor entries follow each other; returns the payload length.</summary>
    private static long ValidateLayout(string path, CheckpointHeader header)
    {
        if (header.Architecture is null || header.Options is null || header.History is null || header.Tensors is null)
        {
            throw new InvalidCheckpointException(path, "its header lacks one of the fields Architecture, Options, History or Tensors.");
        }

        long offset = 0;
        foreach (var tensor in header.Tensors)
        {
            int elementSize = ElementSize(tensor.DType);
            long elements = tensor.Shape.Aggregate(1L, (product, size) => product * size);
            if (elementSize == 0 || tensor.Shape.Any(size => size < 0) || tensor.Offset != offset || tensor.Length != elements * elementSize)
            {
                throw new InvalidCheckpointException(path,
                    $"its entry for tensor {tensor.Name} ({tensor.DType} {tensor.ShapeText}, {tensor.Length} bytes at offset {tensor.Offset}) is inconsistent, so the file is corrupt.");
            }

            offset += tensor.Length;
        }

        if (offset > int.MaxValue)
        {
            throw new InvalidCheckpointException(path, $"its tensors take {offset} bytes, more than the 2 GiB this format supports.");
        }

        return offset;
    }
}

/// <summary>The JSON header of a checkpoint file.</summary>
internal sealed record CheckpointHeader(
    string Architecture,
    int? ClassCount,
    int CompletedEpochs,
    int StepsPerEpoch,
    int TrainingImages,
    int NextBatchOrderSeed,
    TrainingOptions Options,
    List<EpochMetrics> History,
    List<CheckpointTensor> Tensors);
