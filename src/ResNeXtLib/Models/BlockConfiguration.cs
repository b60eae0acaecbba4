namespace ResNeXtLib.Models;

/// <summary>Checks a ResNeXt block's sizes before any layer is built.</summary>
public static class BlockConfiguration
{
    /// <summary>Strides the blocks support: 1 keeps the spatial size, 2 halves it.</summary>
    public static readonly IReadOnlyList<int> SupportedStrides = [1, 2];

    /// <summary>Throws an <see cref="ArgumentException"/> that names the value and a working alternative when a size is invalid.</summary>
    public static void Validate(string name, int inChannels, int outChannels, int cardinality, int bottleneckWidth, int stride)
    {
        RequirePositive(name, nameof(inChannels), inChannels);
        RequirePositive(name, nameof(outChannels), outChannels);
        if (cardinality <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cardinality), cardinality,
                $"Block {name}: cardinality (the number of groups) is {cardinality}; it must be at least 1, for example 32 as in ResNeXt-50 (32x4d).");
        }

        if (bottleneckWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bottleneckWidth), bottleneckWidth,
                $"Block {name}: bottleneck width (channels per group) is {bottleneckWidth}, which gives {cardinality} x {bottleneckWidth} = {cardinality * bottleneckWidth} channels in the grouped convolution; it must be at least 1, for example 4 as in ResNeXt-50 (32x4d).");
        }

        if (!SupportedStrides.Contains(stride))
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride,
                $"Block {name}: stride {stride} is not supported; use 1 to keep the spatial size or 2 to halve it.");
        }
    }

    /// <summary>Returns <paramref name="name"/>, or throws when it is null or blank: TorchSharp aborts the whole process on a null module name.</summary>
    public static string RequireName(string name) => string.IsNullOrWhiteSpace(name)
        ? throw new ArgumentException("A block needs a name for its messages, for example \"layer2.0\".", nameof(name))
        : name;

    private static void RequirePositive(string name, string parameter, int value)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"Block {name}: {parameter} is {value}; it must be at least 1.");
        }
    }
}
