using static TorchSharp.torch;

namespace ResNeXtLib.Models;

/// <summary>Checks a batch of images against what a network expects, before the forward pass.</summary>
public static class InputChecks
{
    /// <summary>Throws an <see cref="ArgumentException"/> that states the expected shape when the input has the wrong rank, channel count or a size too small.</summary>
    public static void RequireImageBatch(Tensor input, ResNeXtConfig config)
    {
        string expected = $"{config.Name} expects a batch of shape [N, {config.InputChannels}, H, W] (designed for H = W = {config.InputSize})";
        if (input.dim() != 4)
        {
            string hint = input.dim() == 3 ? " For a single image call input.unsqueeze(0) to add the batch dimension." : string.Empty;
            throw new ArgumentException($"{expected}, but the input has shape [{string.Join(", ", input.shape)}] with {input.dim()} dimensions.{hint}", nameof(input));
        }

        if (input.dtype != TorchSharp.torch.ScalarType.Float32)
        {
            throw new ArgumentException(
                $"{expected} of float32 values, but the input's data type is {input.dtype}. " +
                "Convert it with input.to_type(torch.ScalarType.Float32) (and scale bytes from 0..255 to the normalised range first).",
                nameof(input));
        }

        if (input.shape[1] != config.InputChannels && input.shape[3] == config.InputChannels)
        {
            throw new ArgumentException(
                $"{expected}, but the input has shape [{string.Join(", ", input.shape)}], which looks like channels-last [N, H, W, C]. " +
                "Move the channels to dimension 1 with input.permute(0, 3, 1, 2).",
                nameof(input));
        }

        if (input.shape[1] != config.InputChannels)
        {
            throw new ArgumentException(
                $"{expected}, but the input has {input.shape[1]} channels (shape [{string.Join(", ", input.shape)}]). " +
                $"Convert the images to {config.InputChannels} channel(s) or build the model with InputChannels = {input.shape[1]}.",
                nameof(input));
        }

        long minimum = config.Downsampling;
        if (input.shape[2] < minimum || input.shape[3] < minimum)
        {
            throw new ArgumentException(
                $"{expected}, but the input is {input.shape[2]}x{input.shape[3]} pixels; the network downsamples by {minimum}, so height and width must be at least {minimum}. " +
                "Resize the images or use a configuration with fewer stride-2 stages.",
                nameof(input));
        }
    }
}
