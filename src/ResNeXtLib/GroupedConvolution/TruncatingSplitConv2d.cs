using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>
/// A teaching copy of a flawed split-convolve-concatenate layer, as written in Keras with Lambda slices:
/// it takes <c>c = filters / groups</c> with integer division, slices the input into <c>groups</c> pieces of
/// <c>c</c> channels, convolves each to <c>c</c> channels and concatenates. When <c>filters</c> is not a
/// multiple of <c>groups</c>, the input channels after <c>groups x c</c> are never read and the output has
/// <c>groups x c</c> channels instead of <c>filters</c>, without any error.
/// </summary>
/// <remarks>Use <see cref="SplitConcatConv2d"/> for real work: its <see cref="GroupedConvolutionSpec"/> rejects such sizes.</remarks>
public sealed class TruncatingSplitConv2d : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> paths;

    /// <summary>Builds the layer without checking that <paramref name="filters"/> is a multiple of <paramref name="groups"/>.</summary>
    /// <param name="filters">Channels of the input and, as intended, of the output.</param>
    /// <param name="groups">The number of slices.</param>
    /// <param name="kernelSize">Kernel size of each slice's convolution. Padding keeps the spatial size.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="filters"/> or <paramref name="groups"/> is not positive, or <paramref name="groups"/> exceeds <paramref name="filters"/>.</exception>
    public TruncatingSplitConv2d(int filters, int groups, int kernelSize = 3)
        : base(nameof(TruncatingSplitConv2d))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groups, filters);

        Filters = filters;
        Groups = groups;
        ChannelsPerGroup = filters / groups;

        paths = new ModuleList<Conv2d>();
        for (int group = 0; group < groups; group++)
        {
            paths.Add(nn.Conv2d(ChannelsPerGroup, ChannelsPerGroup, kernel_size: kernelSize, padding: kernelSize / 2, bias: false));
        }

        RegisterComponents();
    }

    /// <summary>The channel count the layer was asked for.</summary>
    public int Filters { get; }

    /// <summary>The number of slices.</summary>
    public int Groups { get; }

    /// <summary><c>filters / groups</c>, rounded down as Python's <c>int(filters / groups)</c> does.</summary>
    public int ChannelsPerGroup { get; }

    /// <summary>Channels of the output: <c>groups x (filters / groups)</c>, fewer than <see cref="Filters"/> when the division has a remainder.</summary>
    public int OutputChannels => Groups * ChannelsPerGroup;

    /// <summary>Input channels no slice reads: <c>filters - groups x (filters / groups)</c>.</summary>
    public int DroppedChannels => Filters - OutputChannels;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var outputs = paths
            .Select((path, group) => path.forward(input.narrow(1, group * ChannelsPerGroup, ChannelsPerGroup)))
            .ToList();
        return cat(outputs, dim: 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            paths.Dispose();
        }

        base.Dispose(disposing);
    }
}
