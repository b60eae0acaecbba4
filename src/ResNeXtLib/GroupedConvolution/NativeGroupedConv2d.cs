using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>The native grouped convolution: one <c>nn.Conv2d</c> with <c>groups</c> set, as ResNeXt's blocks use it.</summary>
public sealed class NativeGroupedConv2d : GroupedConv2d
{
    private readonly Conv2d conv;

    /// <summary>Builds an <c>nn.Conv2d</c> with the sizes of <paramref name="spec"/>.</summary>
    public NativeGroupedConv2d(GroupedConvolutionSpec spec)
        : base(nameof(NativeGroupedConv2d), spec)
    {
        conv = nn.Conv2d(spec.InChannels, spec.OutChannels, kernel_size: spec.KernelSize, stride: spec.Stride, padding: spec.Padding, groups: spec.Groups, bias: spec.Bias);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override string DisplayName => "native (groups)";

    /// <inheritdoc/>
    public override Tensor GetGroupedWeight() => conv.weight!.detach().clone();

    /// <inheritdoc/>
    public override Tensor? GetBias() => conv.bias?.detach().clone();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        RequireInput(input);
        return conv.forward(input);
    }

    /// <inheritdoc/>
    protected override void LoadWeightChecked(Tensor weight, Tensor? bias)
    {
        conv.weight!.copy_(weight);
        if (bias is not null)
        {
            conv.bias!.copy_(bias);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv.Dispose();
        }

        base.Dispose(disposing);
    }
}
