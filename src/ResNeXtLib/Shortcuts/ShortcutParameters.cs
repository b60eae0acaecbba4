using System.Globalization;
using ResNeXtLib.Models;
using TorchSharp;

namespace ResNeXtLib.Shortcuts;

/// <summary>Compares the parameter cost of the projection shortcut (option B) with the zero-padding shortcut (option A).</summary>
public static class ShortcutParameters
{
    /// <summary>
    /// Counts, for every block of <paramref name="model"/> that changes shape, the parameters of its projection
    /// shortcut (read from the block's <c>downsample</c> modules) and of a <see cref="ZeroPaddingShortcut"/> built for the same sizes.
    /// </summary>
    /// <exception cref="ArgumentException">A block that changes shape has no projection shortcut, so there is nothing to count.</exception>
    public static IReadOnlyList<ShortcutParameterRow> Compare(ResNeXt model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = new List<ShortcutParameterRow>();
        foreach (var block in model.Blocks.Where(block => block.ChangesShape))
        {
            if (!block.HasProjection)
            {
                throw new ArgumentException(
                    $"Block {block.GetName()} changes shape but has no projection shortcut (it was built with ShortcutKind.{block.Shortcut}). " +
                    "Compare the parameters of a network built with ShortcutKind.Auto.",
                    nameof(model));
            }

            var parameters = block.named_parameters().ToList();
            long convolution = parameters.Where(p => p.name.StartsWith("downsample.0.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
            long batchNorm = parameters.Where(p => p.name.StartsWith("downsample.1.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());

            using var zeroPadding = new ZeroPaddingShortcut(block.InChannels, block.OutChannels, block.Stride);
            long zeroPaddingCount = zeroPadding.parameters().Sum(p => p.numel());

            rows.Add(new ShortcutParameterRow(block.GetName(), block.InChannels, block.OutChannels, block.Stride, convolution, batchNorm, zeroPaddingCount));
        }

        return rows;
    }

    /// <summary>Formats the rows as a table with a total line, numbers with thousands separators.</summary>
    public static string Format(IReadOnlyList<ShortcutParameterRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        var lines = rows.Select(row => (IReadOnlyList<string>)
        [
            row.Name,
            $"{row.InChannels} -> {row.OutChannels}",
            row.Stride.ToString(CultureInfo.InvariantCulture),
            Count(row.ProjectionWeights),
            Count(row.ProjectionBatchNormParameters),
            Count(row.ProjectionParameters),
            Count(row.ZeroPaddingParameters),
        ]).ToList();

        lines.Add(
        [
            "total",
            "",
            "",
            Count(rows.Sum(row => row.ProjectionWeights)),
            Count(rows.Sum(row => row.ProjectionBatchNormParameters)),
            Count(rows.Sum(row => row.ProjectionParameters)),
            Count(rows.Sum(row => row.ZeroPaddingParameters)),
        ]);

        return ShapeText.Table(
            ["block", "channels", "stride", "1x1 conv weights", "batch norm", "projection total", "zero padding"],
            lines);
    }
}
