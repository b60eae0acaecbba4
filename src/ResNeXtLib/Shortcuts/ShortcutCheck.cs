using System.Runtime.InteropServices;
using ResNeXtLib.Models;
using static TorchSharp.torch;

namespace ResNeXtLib.Shortcuts;

/// <summary>
/// Finds the blocks of a <see cref="ResNeXt"/> whose shortcut branch cannot be added to the main branch: by
/// shape arithmetic before running the model (<see cref="Check"/>), or after TorchSharp's size-mismatch error
/// (<see cref="ForwardWithDiagnosis"/>).
/// </summary>
public static class ShortcutCheck
{
    /// <summary>The part of TorchSharp's message for an add of tensors whose sizes differ (libtorch 2.10.0).</summary>
    /// <remarks>NOTE: only libtorch 2.10.0's wording is tested. If a later version rewords it, <see cref="ForwardWithDiagnosis"/> lets TorchSharp's error through unchanged.</remarks>
    public const string SizeMismatchText = "must match the size of tensor";

    private static readonly string[] DimensionNames = ["batch", "channels", "height", "width"];

    /// <summary>Computes every block's input, main-branch and shortcut shapes for an input of <paramref name="inputShape"/>, without a forward pass.</summary>
    /// <param name="model">The network to check.</param>
    /// <param name="inputShape">The input batch shape <c>[N, C, H, W]</c>, for example <c>[1, 3, 224, 224]</c>.</param>
    /// <exception cref="ArgumentException">The shape is not <c>[N, C, H, W]</c> with the model's channel count and positive sizes.</exception>
    public static ShortcutReport Check(ResNeXt model, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var config = model.Config;
        RequireInputShape(config, inputShape);

        var rows = new List<ShortcutRow>();
        var problems = new List<ShortcutProblem>();
        long[] shape = StemOutputShape(config, inputShape);
        int blockNumber = 0;
        for (int stageIndex = 0; stageIndex < config.Stages.Count; stageIndex++)
        {
            int blocksInStage = config.Stages[stageIndex].Blocks;
            for (int blockIndex = 0; blockIndex < blocksInStage; blockIndex++)
            {
                var block = model.Blocks[blockNumber++];
                var row = new ShortcutRow(block, stageIndex + 1, blockIndex, blocksInStage, shape, block.OutputShape(shape), block.ShortcutShape(shape));
                rows.Add(row);
                if (!row.AddsCleanly)
                {
                    problems.Add(Diagnose(row));
                }

                // A failing add stops the forward pass, so the check goes on as if it were fixed: the block returns the main branch's shape.
                shape = row.MainShape;
            }
        }

        return new ShortcutReport(config.Name, (long[])inputShape.Clone(), rows, problems);
    }

    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="input"/>. When TorchSharp's residual add fails with a size
    /// mismatch, throws a <see cref="ShortcutMismatchException"/> that names the block, both shapes and the fix.
    /// </summary>
    /// <exception cref="ShortcutMismatchException">A block's shortcut and main branch differ in shape; the TorchSharp error is the inner exception.</exception>
    public static Tensor ForwardWithDiagnosis(ResNeXt model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return model.forward(input);
        }
        catch (ExternalException error) when (error.Message.Contains(SizeMismatchText, StringComparison.Ordinal))
        {
            var report = Check(model, input.shape);
            if (report.IsValid)
            {
                // The mismatch is somewhere the shortcut check does not look; keep TorchSharp's error.
                throw;
            }

            throw new ShortcutMismatchException(report, error);
        }
    }

    /// <summary>Returns the shape after the stem: the first convolution (padding kernel / 2) and the optional 3x3 max pooling with stride 2 and padding 1.</summary>
    public static long[] StemOutputShape(ResNeXtConfig config, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(config);
        RequireInputShape(config, inputShape);

        long Stem(long size)
        {
            int padding = config.StemKernelSize / 2;
            long afterConvolution = (size + 2 * padding - config.StemKernelSize) / config.StemStride + 1;
            return config.StemMaxPool ? (afterConvolution + 2 - 3) / 2 + 1 : afterConvolution;
        }

        return [inputShape[0], config.StemChannels, Stem(inputShape[2]), Stem(inputShape[3])];
    }

    private static ShortcutProblem Diagnose(ShortcutRow row)
    {
        var block = row.Block;
        var differences = Enumerable.Range(0, row.MainShape.Length)
            .Where(dimension => row.MainShape[dimension] != row.ShortcutShape[dimension])
            .Select(dimension => $"{DimensionNames[dimension]} {row.MainShape[dimension]} vs {row.ShortcutShape[dimension]} (dimension {dimension})");

        string diagnosis =
            $"Block {row.Name} ({row.Position}): the main branch has shape {ShapeText.Format(row.MainShape)} but the {row.ShortcutDescription} " +
            $"shortcut has shape {ShapeText.Format(row.ShortcutShape)}, so the residual add fails on {string.Join(", ", differences)}.";

        const string rule = "The rule: project whenever the channel count or the stride changes, with the block's stride on the 1x1 convolution; ShortcutKind.Auto applies it.";
        string fix;
        if (!block.HasProjection)
        {
            fix = $"give {row.Name} a projection shortcut, a 1x1 convolution from {block.InChannels} to {block.OutChannels} channels with stride {block.Stride} " +
                $"followed by batch normalization. {rule}";
        }
        else if (block.ShortcutStride != block.Stride)
        {
            fix = $"give the 1x1 projection convolution of {row.Name} the block's stride {block.Stride} instead of {block.ShortcutStride}, " +
                $"so that it shrinks height and width as the main branch's 3x3 convolution does. {rule}";
        }
        else
        {
            fix = $"build {row.Name} with ShortcutKind.Auto. {rule}";
        }

        return new ShortcutProblem(row, diagnosis, fix);
    }

    private static void RequireInputShape(ResNeXtConfig config, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        string expected = $"{config.Name} expects an input shape [N, {config.InputChannels}, H, W], for example [1, {config.InputChannels}, {config.InputSize}, {config.InputSize}]";
        if (inputShape.Length != 4)
        {
            throw new ArgumentException($"{expected}, but the shape {ShapeText.Format(inputShape)} has {inputShape.Length} dimensions.", nameof(inputShape));
        }

        if (inputShape[1] != config.InputChannels)
        {
            throw new ArgumentException($"{expected}, but the shape {ShapeText.Format(inputShape)} has {inputShape[1]} channels.", nameof(inputShape));
        }

        if (inputShape.Any(size => size <= 0))
        {
            throw new ArgumentException($"{expected}, but the shape {ShapeText.Format(inputShape)} has a size below 1.", nameof(inputShape));
        }
    }
}
