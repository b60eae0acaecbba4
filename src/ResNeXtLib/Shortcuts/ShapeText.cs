using System.Globalization;
using System.Text;

namespace ResNeXtLib.Shortcuts;

/// <summary>Text helpers for shapes and aligned plain-text tables.</summary>
internal static class ShapeText
{
    /// <summary>Formats a shape the way TorchSharp prints it, for example <c>[1, 64, 56, 56]</c>.</summary>
    public static string Format(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(size => size.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Formats rows as a table with a header, columns separated by two spaces and padded to the widest cell.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        int[] widths = Enumerable.Range(0, header.Count).Select(column => all.Max(row => row[column].Length)).ToArray();

        var table = new StringBuilder();
        foreach (var row in all)
        {
            table.AppendLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }

        return table.ToString();
    }
}
