namespace ResNeXtLib.Training;

/// <summary>One tensor stored in a checkpoint: where it belongs, its element type and shape, and where its bytes are.</summary>
/// <param name="Group">"model" for a model parameter or buffer, "momentum" for an SGD momentum buffer, "rng" for the random generator state.</param>
/// <param name="Name">The state-dict key (for example "layer1.0.conv2.weight"), or "torch.default_generator" for the random generator state.</param>
/// <param name="DType">The TorchSharp <see cref="TorchSharp.torch.ScalarType"/> name, for example "Float32".</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Offset">Byte offset of the data from the start of the payload.</param>
/// <param name="Length">Byte length of the data, elements times element size, little-endian.</param>
public sealed record CheckpointTensor(string Group, string Name, string DType, long[] Shape, long Offset, long Length)
{
    /// <summary>The group of model parameters and buffers.</summary>
    public const string ModelGroup = "model";

    /// <summary>The group of SGD momentum buffers, one per parameter that has taken a step.</summary>
    public const string MomentumGroup = "momentum";

    /// <summary>The group holding torch's default random generator state.</summary>
    public const string RandomGroup = "rng";

    /// <summary>Returns the shape as "[a, b, c]".</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
