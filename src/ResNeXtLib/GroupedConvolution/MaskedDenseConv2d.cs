using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>
/// A grouped convolution written as a dense one: a full <c>[out, in, k, k]</c> weight multiplied by the
/// block-diagonal mask of <see cref="ChannelConnectivity"/> before every convolution. The weights outside
/// the blocks stay zero in the result and get zero gradients, so it computes the same function as the
/// native grouped convolution while doing the dense convolution's work.
/// </summary>
public sealed class MaskedDenseConv2d : GroupedConv2d
{
    private readonly Conv2d dense;

    // [out, in, 1, 1]: 1 where an output channel reads an input channel, broadcast over the kernel.
    private readonly Tensor mask;

    /// <summary>Builds a dense <c>nn.Conv2d</c> with the sizes of <paramref name="spec"/> and its block-diagonal mask.</summary>
    public MaskedDenseConv2d(GroupedConvolutionSpec spec)
        : base(nameof(MaskedDenseConv2d), spec)
    {
        dense = nn.Conv2d(spec.InChannels, spec.OutChannels, kernel_size: spec.KernelSize, stride: spec.Stride, padding: spec.Padding, bias: spec.Bias);
        mask = ChannelConnectivity.MaskTensor(spec.InChannels, spec.OutChannels, spec.Groups).reshape(spec.OutChannels, spec.InChannels, 1, 1);

        // Starts from a grouped weight, so that the module is a grouped convolution before any load.
        using (no_grad())
        {
            dense.weight!.mul_(mask);
        }

        RegisterComponents();
    }

    /// <inheritdoc/>
    public override string DisplayName => "masked dense";

    /// <summary>Multiply-accumulates of the dense convolution, which this implementation executes, zeros included.</summary>
    public override long ExecutedMultiplyAccumulates(int batch, int height, int width) => Spec.Dense.MultiplyAccumulates(batch, height, width);

    /// <inheritdoc/>
    public override Tensor GetGroupedWeight()
    {
        using var scope = NewDisposeScope();
        int rows = Spec.OutChannelsPerGroup;
        int columns = Spec.InChannelsPerGroup;
        var blocks = Enumerable.Range(0, Spec.Groups)
            .Select(group => dense.weight!.detach().narrow(0, group * rows, rows).narrow(1, group * columns, columns))
            .ToList();
        return cat(blocks, dim: 0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor? GetBias() => dense.bias?.detach().clone();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        RequireInput(input);
        using var scope = NewDisposeScope();

        var maskedWeight = dense.weight! * mask;
        var output = nn.functional.conv2d(input, maskedWeight, dense.bias, strides: [Spec.Stride, Spec.Stride], padding: [Spec.Padding, Spec.Padding]);
        return output.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void LoadWeightChecked(Tensor weight, Tensor? bias)
    {
        int rows = Spec.OutChannelsPerGroup;
        int columns = Spec.InChannelsPerGroup;
        dense.weight!.zero_();
        for (int group = 0; group < Spec.Groups; group++)
        {
            using var block = dense.weight!.narrow(0, group * rows, rows).narrow(1, group * columns, columns);
            using var source = weight.narrow(0, group * rows, rows);
            block.copy_(source);
        }

        if (bias is not null)
        {
            dense.bias!.copy_(bias);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            dense.Dispose();
            mask.Dispose();
        }

        base.Dispose(disposing);
    }
}
