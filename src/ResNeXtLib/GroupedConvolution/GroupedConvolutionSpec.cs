using System.Globalization;
using ResNeXtLib.Models;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>
/// The sizes of a 2-D convolution with groups, checked when it is created, and its closed-form counts:
/// the weight has shape <c>[out, in / groups, k, k]</c>, so it has <c>out x (in / groups) x k x k</c> weights
/// (plus <c>out</c> biases), and each output value takes <c>(in / groups) x k x k</c> multiply-accumulates.
/// </summary>
/// <remarks>
/// NOTE: dilation is fixed at 1 and padding is zero padding. The other options of <c>nn.Conv2d</c> are not modelled,
/// so the counts and the three implementations cover only these convolutions.
/// </remarks>
public sealed record GroupedConvolutionSpec
{
    /// <summary>Creates the sizes of a grouped convolution and checks them.</summary>
    /// <param name="inChannels">Input channels, a multiple of <paramref name="groups"/>.</param>
    /// <param name="outChannels">Output channels, a multiple of <paramref name="groups"/>.</param>
    /// <param name="groups">The number of groups: 1 is an ordinary convolution, <c>groups = in = out</c> a depthwise one.</param>
    /// <param name="kernelSize">Height and width of the square kernel, at least 1.</param>
    /// <param name="stride">Step between output positions, at least 1.</param>
    /// <param name="padding">Zeros added on each side, from 0 to <paramref name="kernelSize"/> - 1.</param>
    /// <param name="bias">Whether each output channel adds a bias (ResNeXt's convolutions have none).</param>
    /// <exception cref="ArgumentException">A size is out of range or a channel count is not a multiple of the group count. The message names the nearest valid values.</exception>
    public GroupedConvolutionSpec(int inChannels, int outChannels, int groups, int kernelSize = 3, int stride = 1, int padding = 1, bool bias = false)
    {
        BlockConfiguration.ValidateGroups("Grouped convolution", inChannels, outChannels, groups);
        if (kernelSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, $"Grouped convolution: kernel size {kernelSize} is invalid. Use 1 or more, for example 3.");
        }

        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"Grouped convolution: stride {stride} is invalid. Use 1 to keep the spatial size or 2 to halve it.");
        }

        // A padding of k or more adds output positions that see only zeros.
        if (padding < 0 || padding >= kernelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding,
                $"Grouped convolution: padding {padding} is invalid for kernel size {kernelSize}. Use 0 to {kernelSize - 1}, for example {(kernelSize - 1) / 2} to keep the spatial size at stride 1.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        Groups = groups;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Bias = bias;
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>The number of groups.</summary>
    public int Groups { get; }

    /// <summary>Height and width of the kernel.</summary>
    public int KernelSize { get; }

    /// <summary>Step between output positions.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on each side of the input.</summary>
    public int Padding { get; }

    /// <summary>Whether each output channel adds a bias.</summary>
    public bool Bias { get; }

    /// <summary>Input channels each group reads.</summary>
    public int InChannelsPerGroup => InChannels / Groups;

    /// <summary>Output channels each group writes.</summary>
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Shape of the weight of a grouped <c>nn.Conv2d</c>: <c>[out, in / groups, k, k]</c>.</summary>
    public long[] WeightShape => [OutChannels, InChannelsPerGroup, KernelSize, KernelSize];

    /// <summary>Trainable parameters: <c>out x (in / groups) x k x k</c>, plus <c>out</c> when there is a bias.</summary>
    public long ParameterCount => (long)OutChannels * InChannelsPerGroup * KernelSize * KernelSize + (Bias ? OutChannels : 0);

    /// <summary>The same convolution with one group (a dense convolution).</summary>
    public GroupedConvolutionSpec Dense => new(InChannels, OutChannels, 1, KernelSize, Stride, Padding, Bias);

    /// <summary>Returns the output height or width for an input of <paramref name="inputSize"/> pixels: <c>(size + 2 x padding - k) / stride + 1</c>.</summary>
    /// <exception cref="ArgumentException">The padded input is smaller than the kernel.</exception>
    public int OutputSize(int inputSize)
    {
        int padded = inputSize + 2 * Padding;
        if (inputSize < 1 || padded < KernelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize,
                $"Grouped convolution: an input of {inputSize} pixels with padding {Padding} is smaller than the kernel size {KernelSize}. Use inputs of at least {Math.Max(1, KernelSize - 2 * Padding)} pixels.");
        }

        return (padded - KernelSize) / Stride + 1;
    }

    /// <summary>
    /// Returns the multiply-accumulates (MACs) of one forward pass:
    /// <c>batch x out x outHeight x outWidth x (in / groups) x k x k</c>. Bias additions are not counted.
    /// </summary>
    public long MultiplyAccumulates(int batch, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        long outputs = (long)batch * OutChannels * OutputSize(height) * OutputSize(width);
        return outputs * InChannelsPerGroup * KernelSize * KernelSize;
    }

    /// <summary>A short description, for example <c>Conv2d(128 -> 128, 3x3, groups 32, stride 1, padding 1)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Conv2d({InChannels} -> {OutChannels}, {KernelSize}x{KernelSize}, groups {Groups}, stride {Stride}, padding {Padding}{(Bias ? ", bias" : "")})");
}
