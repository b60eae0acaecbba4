using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>One row of <see cref="GroupCountTable"/>: the closed-form counts of one group count beside the parameters of a real <c>nn.Conv2d</c>.</summary>
/// <param name="Spec">The convolution's sizes.</param>
/// <param name="FormulaParameters">Parameters from the formula <c>out x (in / groups) x k x k</c> (plus <c>out</c> with a bias).</param>
/// <param name="ModuleParameters">Parameters of an <c>nn.Conv2d</c> built with these sizes, counted from its tensors.</param>
/// <param name="WeightShape">Shape of that module's weight tensor.</param>
/// <param name="MultiplyAccumulates">MACs of one forward pass at the table's batch and input size.</param>
/// <param name="DenseMultiplyAccumulates">MACs of the same convolution with one group.</param>
public sealed record GroupCountRow(GroupedConvolutionSpec Spec, long FormulaParameters, long ModuleParameters, long[] WeightShape, long MultiplyAccumulates, long DenseMultiplyAccumulates)
{
    /// <summary>The group count as a label: the number, followed by "(depthwise)" when each group reads a single input channel.</summary>
    public string GroupsLabel => Spec.Groups > 1 && Spec.Groups == Spec.InChannels
        ? string.Create(CultureInfo.InvariantCulture, $"{Spec.Groups} (depthwise)")
        : Spec.Groups.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the formula and the real module agree.</summary>
    public bool Matches => FormulaParameters == ModuleParameters && WeightShape.SequenceEqual(Spec.WeightShape);
}

/// <summary>Parameter and MAC counts of one convolution for several group counts, each checked against a real <c>nn.Conv2d</c>.</summary>
public static class GroupCountTable
{
    /// <summary>Builds one row per group count for a <paramref name="channels"/>-to-<paramref name="channels"/> convolution with padding that keeps the size at stride 1.</summary>
    /// <param name="channels">Input and output channels.</param>
    /// <param name="groupCounts">Group counts to compare, each a divisor of <paramref name="channels"/>.</param>
    /// <param name="kernelSize">Kernel height and width, an odd number, for example 3.</param>
    /// <param name="batch">Batch size for the MAC count.</param>
    /// <param name="size">Input height and width for the MAC count.</param>
    /// <param name="bias">Whether the convolutions have a bias.</param>
    public static IReadOnlyList<GroupCountRow> Build(int channels, IEnumerable<int> groupCounts, int kernelSize = 3, int batch = 1, int size = 56, bool bias = false)
    {
        ArgumentNullException.ThrowIfNull(groupCounts);
        var rows = new List<GroupCountRow>();
        foreach (int groups in groupCounts)
        {
            var spec = new GroupedConvolutionSpec(channels, channels, groups, kernelSize, stride: 1, padding: kernelSize / 2, bias: bias);
            using var conv = nn.Conv2d(channels, channels, kernel_size: kernelSize, padding: kernelSize / 2, groups: groups, bias: bias);
            long moduleParameters = conv.parameters().Sum(parameter => parameter.numel());
            rows.Add(new GroupCountRow(
                spec,
                spec.ParameterCount,
                moduleParameters,
                conv.weight!.shape,
                spec.MultiplyAccumulates(batch, size, size),
                spec.Dense.MultiplyAccumulates(batch, size, size)));
        }

        return rows;
    }

    /// <summary>Formats the rows as a plain-text table, columns aligned with spaces.</summary>
    public static string Format(IEnumerable<GroupCountRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = new List<string[]>
        {
            new[] { "groups", "weight shape", "params (formula)", "params (nn.Conv2d)", "MACs", "share of dense", "match" },
        };
        foreach (var row in rows)
        {
            cells.Add(
            [
                row.GroupsLabel,
                $"[{string.Join(", ", row.WeightShape)}]",
                row.FormulaParameters.ToString("N0", CultureInfo.InvariantCulture),
                row.ModuleParameters.ToString("N0", CultureInfo.InvariantCulture),
                row.MultiplyAccumulates.ToString("N0", CultureInfo.InvariantCulture),
                $"1/{(row.DenseMultiplyAccumulates / (double)row.MultiplyAccumulates).ToString("0.##", CultureInfo.InvariantCulture)}",
                row.Matches ? "yes" : "NO",
            ]);
        }

        int[] widths = Enumerable.Range(0, cells[0].Length).Select(column => cells.Max(row => row[column].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in cells)
        {
            table.AppendLine(string.Join("  ", row.Select((cell, column) => column == 0 || column == 1 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd());
        }

        return table.ToString();
    }
}
