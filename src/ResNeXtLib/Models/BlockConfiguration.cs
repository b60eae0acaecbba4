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

        // Always passes for C x d channels, but keeps the block and the stand-alone grouped convolutions on one rule.
        int width = cardinality * bottleneckWidth;
        ValidateGroups($"Block {name}, conv2", width, width, cardinality);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when a grouped convolution cannot split its channels evenly:
    /// the message names the channel count, the group count, the nearest valid channel counts and the group
    /// counts near <paramref name="groups"/> that divide the channel count.
    /// </summary>
    /// <param name="context">Which layer, for the message, for example <c>Block layer1.0, conv2</c>.</param>
    /// <param name="inChannels">Input channels of the grouped convolution.</param>
    /// <param name="outChannels">Output channels of the grouped convolution.</param>
    /// <param name="groups">The number of groups.</param>
    public static void ValidateGroups(string context, int inChannels, int outChannels, int groups)
    {
        if (groups <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups,
                $"{context}: the number of groups is {groups}. It must be at least 1 (1 is an ordinary convolution).");
        }

        RequireMultiple(context, "input", nameof(inChannels), inChannels, groups);
        RequireMultiple(context, "output", nameof(outChannels), outChannels, groups);
    }

    /// <summary>Returns the multiples of <paramref name="groups"/> nearest to <paramref name="channels"/>: the one below (left out when it is 0) and the one above.</summary>
    public static IReadOnlyList<int> NearestValidChannelCounts(int channels, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        int below = channels / groups * groups;
        if (below == channels)
        {
            return [channels];
        }

        return below > 0 ? [below, below + groups] : [groups];
    }

    /// <summary>Returns the divisors of <paramref name="channels"/> nearest to <paramref name="groups"/>: the largest one below and the smallest one above (one of them when the other does not exist).</summary>
    public static IReadOnlyList<int> NearestValidGroupCounts(int channels, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        var divisors = Enumerable.Range(1, channels).Where(divisor => channels % divisor == 0).ToList();
        var below = divisors.Where(divisor => divisor <= groups).DefaultIfEmpty().Max();
        var above = divisors.Where(divisor => divisor >= groups).DefaultIfEmpty().Min();
        return new[] { below, above }.Where(divisor => divisor > 0).Distinct().ToList();
    }

    private static void RequireMultiple(string context, string side, string parameter, int channels, int groups)
    {
        if (channels <= 0)
        {
            throw new ArgumentOutOfRangeException(parameter, channels, $"{context}: the number of {side} channels is {channels}. It must be at least 1.");
        }

        if (channels % groups == 0)
        {
            return;
        }

        var validChannels = NearestValidChannelCounts(channels, groups);
        var validGroups = NearestValidGroupCounts(channels, groups);
        string perGroup = ((double)channels / groups).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        throw new ArgumentException(
            $"{context}: {channels} {side} channels cannot be split into {groups} groups, because {channels} is not a multiple of {groups} " +
            $"({channels} / {groups} = {perGroup} channels per group). Use {string.Join(" or ", validChannels)} {side} channels, " +
            $"or a number of groups that divides {channels}, such as {string.Join(" or ", validGroups)}.",
            parameter);
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
