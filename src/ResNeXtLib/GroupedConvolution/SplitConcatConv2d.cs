using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>
/// A grouped convolution built from ordinary ones: the input channels are sliced into <c>groups</c> equal parts,
/// each part goes through its own <c>nn.Conv2d</c> and the results are concatenated along the channels. This is
/// how Keras code without a <c>groups</c> argument writes it, with one Lambda slice per group.
/// </summary>
public sealed class SplitConcatConv2d : GroupedConv2d
{
    private readonly ModuleList<Conv2d> paths;

    /// <summary>Builds one convolution from <c>in / groups</c> to <c>out / groups</c> channels per group.</summary>
    public SplitConcatConv2d(GroupedConvolutionSpec spec)
        : base(nameof(SplitConcatConv2d), spec)
    {
        paths = new ModuleList<Conv2d>();
        for (int group = 0; group < spec.Groups; group++)
        {
            paths.Add(nn.Conv2d(spec.InChannelsPerGroup, spec.OutChannelsPerGroup, kernel_size: spec.KernelSize, stride: spec.Stride, padding: spec.Padding, bias: spec.Bias));
        }

        RegisterComponents();
    }

    /// <inheritdoc/>
    public override string DisplayName => "split-convolve-concatenate";

    /// <inheritdoc/>
    public override Tensor GetGroupedWeight() => cat(paths.Select(path => path.weight!.detach()).ToList(), dim: 0);

    /// <inheritdoc/>
    public override Tensor? GetBias() => Spec.Bias ? cat(paths.Select(path => path.bias!.detach()).ToList(), dim: 0) : null;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        RequireInput(input);
        using var scope = NewDisposeScope();

        var slices = input.split(Spec.InChannelsPerGroup, dim: 1);
        var outputs = paths.Select((path, group) => path.forward(slices[group])).ToList();
        return cat(outputs, dim: 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void LoadWeightChecked(Tensor weight, Tensor? bias)
    {
        int rows = Spec.OutChannelsPerGroup;
        for (int group = 0; group < Spec.Groups; group++)
        {
            using var weightSlice = weight.narrow(0, group * rows, rows);
            paths[group].weight!.copy_(weightSlice);
            if (bias is not null)
            {
                using var biasSlice = bias.narrow(0, group * rows, rows);
                paths[group].bias!.copy_(biasSlice);
            }
        }
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
