using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>
/// One implementation of a grouped convolution. Every implementation stores its weights so that they can be
/// read and written in the native layout <c>[out, in / groups, k, k]</c>, which lets the notebook copy one set
/// of weights into all of them and compare their outputs.
/// </summary>
public abstract class GroupedConv2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Stores the checked sizes. A derived class builds its layers and then calls <c>RegisterComponents()</c>.</summary>
    protected GroupedConv2d(string name, GroupedConvolutionSpec spec)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
    }

    /// <summary>The sizes of the convolution.</summary>
    public GroupedConvolutionSpec Spec { get; }

    /// <summary>A short name for tables and charts, for example <c>split-convolve-concatenate</c>.</summary>
    public abstract string DisplayName { get; }

    /// <summary>
    /// Multiply-accumulates one forward pass executes. This equals <see cref="GroupedConvolutionSpec.MultiplyAccumulates"/>
    /// unless the implementation also multiplies by zeros, as the masked dense convolution does.
    /// </summary>
    public virtual long ExecutedMultiplyAccumulates(int batch, int height, int width) => Spec.MultiplyAccumulates(batch, height, width);

    /// <summary>Returns a copy of the weight in the native layout <c>[out, in / groups, k, k]</c>.</summary>
    public abstract Tensor GetGroupedWeight();

    /// <summary>Returns a copy of the bias, shape <c>[out]</c>, or null when the convolution has none.</summary>
    public abstract Tensor? GetBias();

    /// <summary>Overwrites the weights from the native layout <c>[out, in / groups, k, k]</c>, and the bias when there is one.</summary>
    /// <exception cref="ArgumentException">The weight or bias has another shape, or a bias is missing or unexpected.</exception>
    public void LoadGroupedWeight(Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (!weight.shape.SequenceEqual(Spec.WeightShape))
        {
            throw new ArgumentException(
                $"{DisplayName}: the weight has shape [{string.Join(", ", weight.shape)}], but {Spec} needs [{string.Join(", ", Spec.WeightShape)}] ([out, in / groups, k, k]).",
                nameof(weight));
        }

        if (Spec.Bias != bias is not null)
        {
            throw new ArgumentException(
                Spec.Bias ? $"{DisplayName}: a bias of shape [{Spec.OutChannels}] is needed, because {Spec} has a bias." : $"{DisplayName}: {Spec} has no bias. Pass null.",
                nameof(bias));
        }

        if (bias is not null && !bias.shape.SequenceEqual([Spec.OutChannels]))
        {
            throw new ArgumentException($"{DisplayName}: the bias has shape [{string.Join(", ", bias.shape)}]. It must be [{Spec.OutChannels}].", nameof(bias));
        }

        using var noGrad = no_grad();
        LoadWeightChecked(weight, bias);
    }

    /// <summary>Copies the weights (and bias) of <paramref name="source"/> into this convolution.</summary>
    public void CopyWeightsFrom(GroupedConv2d source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var weight = source.GetGroupedWeight();
        using var bias = source.GetBias();
        LoadGroupedWeight(weight, bias);
    }

    /// <summary>Writes weights whose shapes are already checked. The caller runs it under <c>no_grad</c>.</summary>
    protected abstract void LoadWeightChecked(Tensor weight, Tensor? bias);

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="input"/> has shape <c>[N, in, H, W]</c> with H and W large enough for the kernel.</summary>
    protected void RequireInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != Spec.InChannels)
        {
            throw new ArgumentException(
                $"{DisplayName}: {Spec} expects an input of shape [N, {Spec.InChannels}, H, W], but the input has shape [{string.Join(", ", input.shape)}].",
                nameof(input));
        }

        Spec.OutputSize((int)input.shape[2]);
        Spec.OutputSize((int)input.shape[3]);
    }
}
