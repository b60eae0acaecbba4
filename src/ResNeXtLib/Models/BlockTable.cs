using System.Globalization;
using System.Text;

namespace ResNeXtLib.Models;

/// <summary>A plain-text table of a network's blocks: channels, cardinality, bottleneck width, stride and shortcut.</summary>
public static class BlockTable
{
    /// <summary>Formats one row per block under a header, columns aligned with spaces.</summary>
    public static string Format(IEnumerable<ResNeXtBlock> blocks)
    {
        var rows = new List<string[]> { new[] { "block", "in", "out", "cardinality", "bottleneck width", "stride", "shortcut" } };
        foreach (var block in blocks)
        {
            rows.Add(
            [
                block.GetName(),
                block.InChannels.ToString(CultureInfo.InvariantCulture),
                block.OutChannels.ToString(CultureInfo.InvariantCulture),
                block.Cardinality.ToString(CultureInfo.InvariantCulture),
                block.BottleneckWidth.ToString(CultureInfo.InvariantCulture),
                block.Stride.ToString(CultureInfo.InvariantCulture),
                block.HasProjection ? "projection" : "identity",
            ]);
        }

        int[] widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.AppendLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }

        return table.ToString();
    }
}
