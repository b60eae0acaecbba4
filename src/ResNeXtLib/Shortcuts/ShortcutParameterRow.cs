namespace ResNeXtLib.Shortcuts;

/// <summary>Parameter counts of the two shortcut options for one block that changes shape.</summary>
/// <param name="Name">The block's name, for example <c>layer1.0</c>.</param>
/// <param name="InChannels">Channels of the block input.</param>
/// <param name="OutChannels">Channels of the block output.</param>
/// <param name="Stride">The block's stride.</param>
/// <param name="ProjectionWeights">Weights of the 1x1 projection convolution, <c>in x out</c> (it has no bias).</param>
/// <param name="ProjectionBatchNormParameters">Weight and bias of the projection's batch normalization, <c>2 x out</c>.</param>
/// <param name="ZeroPaddingParameters">Parameters of <see cref="ZeroPaddingShortcut"/>, which has none.</param>
public sealed record ShortcutParameterRow(
    string Name,
    int InChannels,
    int OutChannels,
    int Stride,
    long ProjectionWeights,
    long ProjectionBatchNormParameters,
    long ZeroPaddingParameters)
{
    /// <summary>All trainable parameters of the projection shortcut.</summary>
    public long ProjectionParameters => ProjectionWeights + ProjectionBatchNormParameters;
}
