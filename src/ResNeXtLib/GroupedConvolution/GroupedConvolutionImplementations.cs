namespace ResNeXtLib.GroupedConvolution;

/// <summary>Creates the three implementations of one grouped convolution with the same weights.</summary>
public static class GroupedConvolutionImplementations
{
    /// <summary>
    /// Returns the native grouped convolution, the split-convolve-concatenate version and the masked dense version,
    /// in that order. The native one is initialized by TorchSharp (seed it with <c>torch.manual_seed</c> first) and
    /// the other two copy its weights.
    /// </summary>
    public static IReadOnlyList<GroupedConv2d> CreateAll(GroupedConvolutionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var native = new NativeGroupedConv2d(spec);
        var split = new SplitConcatConv2d(spec);
        var masked = new MaskedDenseConv2d(spec);
        split.CopyWeightsFrom(native);
        masked.CopyWeightsFrom(native);
        return [native, split, masked];
    }
}
