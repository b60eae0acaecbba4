using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace ResNeXtLib.Weights;

/// <summary>
/// Reads and writes named tensors in the safetensors format (https://github.com/huggingface/safetensors): an 8-byte
/// little-endian header length, a JSON header that maps each name to its dtype, shape and byte range, then the raw
/// little-endian data. PyTorch can write it with a few lines of Python and no extra package.
/// </summary>
/// <remarks>Only the dtypes a state dict of this library needs are supported: F32 for weights and I64 for batch normalization's <c>num_batches_tracked</c>.</remarks>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";

    // Rejects other files early: their first 8 bytes, read as a header length, are almost always far larger.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads every tensor of the file into a dictionary keyed by tensor name.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file or contains an unsupported dtype.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Safetensors file '{Path.GetFullPath(path)}' not found.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"'{path}' has {bytes.Length} bytes, fewer than the 8-byte header length of a safetensors file.");
        }

        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > bytes.Length)
        {
            throw new InvalidDataException($"'{path}' declares a header of {headerLength} bytes in a file of {bytes.Length} bytes; it is not a safetensors file.");
        }

        int dataStart = 8 + (int)headerLength;
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));

        var entries = new List<(string Name, string DType, long[] Shape, long Begin, long End)>();
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == MetadataKey)
            {
                continue;
            }

            string dtype = property.Value.GetProperty("dtype").GetString() ?? string.Empty;
            long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(size => size.GetInt64()).ToArray();
            long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
            entries.Add((property.Name, dtype, shape, offsets[0], offsets[1]));
        }

        var tensors = new Dictionary<string, Tensor>();
        foreach (var entry in entries.OrderBy(entry => entry.Begin))
        {
            if (dataStart + entry.End > bytes.Length || entry.Begin > entry.End)
            {
                throw new InvalidDataException($"'{path}': tensor '{entry.Name}' claims bytes {entry.Begin} to {entry.End} of the data, beyond the end of the file.");
            }

            var data = bytes.AsSpan(dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin));
            tensors[entry.Name] = CreateTensor(path, entry.Name, entry.DType, entry.Shape, data);
        }

        return tensors;
    }

    /// <summary>Writes the tensors to <paramref name="path"/>, creating its folder; the tensors are copied to the CPU first.</summary>
    /// <exception cref="NotSupportedException">A tensor's dtype is neither float32 nor int64.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var header = new JsonObject();
        using var data = new MemoryStream();
        foreach (var (name, tensor) in tensors)
        {
            long begin = data.Length;
            using var cpu = tensor.detach().cpu().contiguous();
            string dtype = cpu.dtype switch
            {
                ScalarType.Float32 => "F32",
                ScalarType.Int64 => "I64",
                _ => throw new NotSupportedException($"Tensor '{name}' has dtype {cpu.dtype}; convert it to float32 or int64 before saving."),
            };

            if (cpu.dtype == ScalarType.Float32)
            {
                data.Write(MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()));
            }
            else
            {
                data.Write(MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()));
            }

            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(cpu.shape.Select(size => (JsonNode)size).ToArray()),
                ["data_offsets"] = new JsonArray(begin, data.Length),
            };
        }

        // The format lets the header end in spaces; padding to 8 bytes keeps the data aligned.
        string json = header.ToJsonString();
        json = json.PadRight((json.Length + 7) / 8 * 8);
        byte[] headerBytes = Encoding.UTF8.GetBytes(json);

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, headerBytes.Length);
        file.Write(length);
        file.Write(headerBytes);
        data.Position = 0;
        data.CopyTo(file);
    }

    private static Tensor CreateTensor(string path, string name, string dtype, long[] shape, ReadOnlySpan<byte> data)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Reading safetensors files needs a little-endian machine.");
        }

        long elements = shape.Aggregate(1L, (product, size) => product * size);
        int elementSize = dtype switch
        {
            "F32" => sizeof(float),
            "I64" => sizeof(long),
            _ => throw new InvalidDataException($"'{path}': tensor '{name}' has dtype {dtype}; only F32 and I64 are supported. Convert it in PyTorch with .float() before saving."),
        };

        if (data.Length != elements * elementSize)
        {
            throw new InvalidDataException($"'{path}': tensor '{name}' of shape [{string.Join(", ", shape)}] needs {elements * elementSize} bytes of {dtype} but has {data.Length}.");
        }

        return dtype == "F32"
            ? tensor(MemoryMarshal.Cast<byte, float>(data).ToArray(), shape)
            : tensor(MemoryMarshal.Cast<byte, long>(data).ToArray(), shape);
    }
}
