using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>
/// Which input channels feed which output channels in a grouped convolution. Group g maps input channels
/// <c>[g x in/groups, (g+1) x in/groups)</c> to output channels <c>[g x out/groups, (g+1) x out/groups)</c>, so the
/// matrix indexed [output channel, input channel] is block-diagonal with <c>groups</c> blocks of
/// <c>out/groups x in/groups</c>.
/// </summary>
public static class ChannelConnectivity
{
    /// <summary>Returns the connectivity matrix indexed [output channel, input channel]: true where the output reads the input.</summary>
    /// <exception cref="ArgumentException">A channel count is not a positive multiple of <paramref name="groups"/>.</exception>
    public static bool[,] Mask(int inChannels, int outChannels, int groups)
    {
        Models.BlockConfiguration.ValidateGroups("Channel connectivity", inChannels, outChannels, groups);
        int rows = outChannels / groups;
        int columns = inChannels / groups;

        var mask = new bool[outChannels, inChannels];
        for (int output = 0; output < outChannels; output++)
        {
            for (int input = 0; input < inChannels; input++)
            {
                mask[output, input] = output / rows == input / columns;
            }
        }

        return mask;
    }

    /// <summary>Returns <see cref="Mask"/> as a float32 tensor of shape <c>[out, in]</c> with ones and zeros.</summary>
    public static Tensor MaskTensor(int inChannels, int outChannels, int groups)
    {
        var mask = Mask(inChannels, outChannels, groups);
        var values = new float[outChannels * inChannels];
        for (int output = 0; output < outChannels; output++)
        {
            for (int input = 0; input < inChannels; input++)
            {
                values[output * inChannels + input] = mask[output, input] ? 1f : 0f;
            }
        }

        return tensor(values, [outChannels, inChannels]);
    }

    /// <summary>Returns the number of connected (output, input) channel pairs: <c>out x in / groups</c>.</summary>
    public static long ConnectionCount(int inChannels, int outChannels, int groups)
    {
        Models.BlockConfiguration.ValidateGroups("Channel connectivity", inChannels, outChannels, groups);
        return (long)outChannels * inChannels / groups;
    }
}
