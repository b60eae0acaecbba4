using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Shortcuts;

/// <summary>
/// A shortcut without parameters for a block that changes shape: it keeps every <c>stride</c>-th row and column
/// of the input and appends zero channels up to the output channel count. This is option A of He et al., "Deep
/// Residual Learning for Image Recognition" (2016); the 1x1 convolution with batch normalization that
/// <see cref="Models.ResNeXtBlock"/> uses is their option B.
/// </summary>
public sealed class ZeroPaddingShortcut : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the shortcut for a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> channels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A channel count or the stride is below 1, or <paramref name="outChannels"/> is below <paramref name="inChannels"/>.</exception>
    public ZeroPaddingShortcut(int inChannels, int outChannels, int stride) : base(nameof(ZeroPaddingShortcut))
    {
        if (inChannels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"inChannels is {inChannels}; it must be at least 1.");
        }

        if (outChannels < inChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels,
                $"outChannels is {outChannels}, below inChannels {inChannels}; zero padding can only add channels. Use a 1x1 projection to reduce channels.");
        }

        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride is {stride}; it must be at least 1 (1 keeps the spatial size, 2 halves it).");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        Stride = stride;
        RegisterComponents();
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output; the ones beyond <see cref="InChannels"/> are zero.</summary>
    public int OutChannels { get; }

    /// <summary>Step between the kept rows and columns.</summary>
    public int Stride { get; }

    /// <summary>Output shape for an input of shape <c>[N, C, H, W]</c>: the same size rule as a 1x1 convolution with this stride.</summary>
    public long[] OutputShape(long[] inputShape) =>
        [inputShape[0], OutChannels, (inputShape[2] - 1) / Stride + 1, (inputShape[3] - 1) / Stride + 1];

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input is not <c>[N, InChannels, H, W]</c>.</exception>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != InChannels)
        {
            throw new ArgumentException(
                $"The zero-padding shortcut expects an input of shape [N, {InChannels}, H, W], but got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        var subsampled = input.slice(2, 0, input.shape[2], Stride).slice(3, 0, input.shape[3], Stride);

        // The pad list runs from the last dimension backwards: width, height, then channels (front, back).
        var padded = nn.functional.pad(subsampled, [0, 0, 0, 0, 0, OutChannels - InChannels]);
        return padded.MoveToOuterDisposeScope();
    }
}
