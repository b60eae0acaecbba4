using System.Net;
using System.Globalization;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.Summary;

/// <summary>
/// A layer-by-layer summary of a TorchSharp module, in the spirit of Keras' <c>model.summary()</c>: each module's
/// output shape, parameter count and multiply-accumulate count, and the totals of trainable and non-trainable
/// parameters. TorchSharp has no such method.
/// </summary>
/// <remarks>
/// <see cref="Create"/> runs one forward pass on zeros with a forward hook on every submodule. TorchSharp runs hooks
/// only when a module is invoked through <c>call</c>; a submodule that its parent invokes through <c>forward</c>
/// keeps its parameters in the summary but gets "-" as output shape and no multiply-accumulates.
/// </remarks>
public sealed class ModelSummary
{
    private const string NotCalled = "-";

    private ModelSummary(string model, long[] inputShape, IReadOnlyList<ModuleSummaryRow> rows,
        long trainable, long nonTrainable, long multiplyAccumulates)
    {
        Model = model;
        InputShape = inputShape;
        Rows = rows;
        TrainableParameters = trainable;
        NonTrainableParameters = nonTrainable;
        MultiplyAccumulates = multiplyAccumulates;
    }

    /// <summary>The model's name.</summary>
    public string Model { get; }

    /// <summary>The input shape of the forward pass, batch dimension first.</summary>
    public long[] InputShape { get; }

    /// <summary>The rows in the order the forward pass completed the modules; modules it never called come last.</summary>
    public IReadOnlyList<ModuleSummaryRow> Rows { get; }

    /// <summary>Elements of all parameters that require a gradient.</summary>
    public long TrainableParameters { get; }

    /// <summary>Elements of all floating-point buffers (batch normalization's running mean and variance) plus frozen parameters.</summary>
    /// <remarks>The integer counter <c>num_batches_tracked</c> of batch normalization is a buffer too, but not a weight, and is not counted.</remarks>
    public long NonTrainableParameters { get; }

    /// <summary>Trainable plus non-trainable parameters.</summary>
    public long TotalParameters => TrainableParameters + NonTrainableParameters;

    /// <summary>Multiply-accumulate operations of all convolutions and linear layers for one sample of the batch.</summary>
    /// <remarks>
    /// Batch normalization, activations, pooling and the residual additions are not counted, the convention behind
    /// the GFLOPS column of torchvision's model tables.
    /// </remarks>
    public long MultiplyAccumulates { get; }

    /// <summary>
    /// Runs one forward pass on zeros of <paramref name="inputShape"/> in evaluation mode without gradients, and
    /// summarizes the modules of <paramref name="model"/>.
    /// </summary>
    /// <param name="model">The module to summarize; its training mode is restored afterwards.</param>
    /// <param name="inputShape">The input shape, batch dimension first, for example <c>[1, 3, 224, 224]</c>.</param>
    /// <param name="maxDepth">
    /// The deepest level that gets its own row: 1 for the direct children (conv1, layer1, ...), 2 for blocks
    /// (layer1.0, ...). Modules at that depth and shallower leaf modules get a row; deeper modules are folded
    /// into their ancestor's row. The default lists every leaf module.
    /// </param>
    /// <exception cref="ArgumentException">The input shape is empty or has a dimension below 1, or <paramref name="maxDepth"/> is below 1.</exception>
    public static ModelSummary Create(nn.Module<Tensor, Tensor> model, long[] inputShape, int maxDepth = int.MaxValue)
    {
        if (inputShape.Length == 0 || inputShape.Any(size => size < 1))
        {
            throw new ArgumentException($"Input shape [{string.Join(", ", inputShape)}] is invalid; give every dimension, batch first, for example [1, 3, 224, 224].", nameof(inputShape));
        }

        if (maxDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, $"maxDepth is {maxDepth}; use 1 for the direct children of the model or more for deeper rows.");
        }

        var modules = model.named_modules().Where(entry => entry.name.Length > 0).ToList();
        var calls = RecordForwardPass(model, inputShape, modules);

        var rowModules = modules.Where(entry => IsRow(entry.name, entry.module, maxDepth)).ToList();
        var ordered = rowModules
            .Where(entry => calls.Completion.ContainsKey(entry.name))
            .OrderBy(entry => calls.Completion[entry.name])
            .Concat(rowModules.Where(entry => !calls.Completion.ContainsKey(entry.name)));

        var rows = ordered.Select(entry => CreateRow(entry.name, entry.module, calls)).ToList();

        long trainable = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        long nonTrainable = model.parameters().Where(p => !p.requires_grad).Sum(p => p.numel()) + FloatingBufferElements(model);
        long multiplyAccumulates = calls.MultiplyAccumulates.Values.Sum();
        return new ModelSummary(model.GetName(), (long[])inputShape.Clone(), rows, trainable, nonTrainable, multiplyAccumulates);
    }

    /// <summary>Returns the totals as one record, for a table that compares models.</summary>
    public ModelSummaryTotals Totals() => new(
        Model,
        FormatShape(InputShape),
        TrainableParameters,
        NonTrainableParameters,
        MultiplyAccumulates,
        Math.Round(MultiplyAccumulates / 1e9, 2));

    /// <summary>Formats the totals as lines of text, numbers with thousands separators.</summary>
    public string FormatTotals()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{Model}, input {FormatShape(InputShape)}"));
        text.AppendLine(Invariant($"Trainable parameters: {TrainableParameters:N0}"));
        text.AppendLine(Invariant($"Non-trainable parameters: {NonTrainableParameters:N0} (batch-norm running mean and variance)"));
        text.AppendLine(Invariant($"Total parameters: {TotalParameters:N0}"));
        text.AppendLine(Invariant($"Multiply-accumulates per image: {MultiplyAccumulates:N0} ({MultiplyAccumulates / 1e9:F2} GMACs)"));
        return text.ToString();
    }

    /// <summary>Formats the rows as a text table with aligned columns, followed by the totals.</summary>
    public string ToText()
    {
        var table = FormatCells();

        int[] widths = Enumerable.Range(0, table[0].Length).Select(column => table.Max(cells => cells[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var cells in table)
        {
            // Text columns align left, number columns right.
            var padded = cells.Select((cell, column) => column < 3 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]));
            text.AppendLine(string.Join("  ", padded).TrimEnd());
        }

        text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        text.Append(FormatTotals());
        return text.ToString();
    }

    /// <summary>
    /// Formats the rows as an HTML table, numbers right-aligned with thousands separators, for a notebook's
    /// <c>display(HTML(summary.ToHtml()))</c>; the kernel's own formatter shows records as collapsed trees.
    /// </summary>
    public string ToHtml()
    {
        var table = FormatCells();
        var html = new StringBuilder("<table><thead><tr>");
        foreach (string header in table[0])
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var cells in table.Skip(1))
        {
            html.Append("<tr>");
            for (int column = 0; column < cells.Length; column++)
            {
                string align = column < 3 ? "left" : "right";
                html.Append(Invariant($"<td style=\"text-align:{align}\">")).Append(WebUtility.HtmlEncode(cells[column])).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private List<string[]> FormatCells()
    {
        var table = new List<string[]> { new[] { "name", "type", "output shape", "parameters", "non-trainable", "MACs" } };
        table.AddRange(Rows.Select(row => new[]
        {
            row.Name,
            row.Type,
            row.OutputShape,
            Invariant($"{row.Parameters:N0}"),
            Invariant($"{row.NonTrainable:N0}"),
            Invariant($"{row.MultiplyAccumulates:N0}"),
        }));
        return table;
    }

    private sealed class ForwardRecord
    {
        public Dictionary<string, long[]> Shapes { get; } = new();

        public Dictionary<string, int> Completion { get; } = new();

        public Dictionary<string, long> MultiplyAccumulates { get; } = new();
    }

    private static ForwardRecord RecordForwardPass(nn.Module<Tensor, Tensor> model, long[] inputShape, List<(string name, nn.Module module)> modules)
    {
        var record = new ForwardRecord();
        var removers = new List<Action>();
        foreach (var (name, module) in modules)
        {
            if (module is not nn.Module<Tensor, Tensor> hookable)
            {
                continue;
            }

            var remover = hookable.register_forward_hook((_, _, output) =>
            {
                record.Shapes[name] = output.shape;
                record.Completion.TryAdd(name, record.Completion.Count);
                long macs = LeafMultiplyAccumulates(hookable, output);
                record.MultiplyAccumulates[name] = record.MultiplyAccumulates.GetValueOrDefault(name) + macs;

                // Null keeps the module's output unchanged.
                return null!;
            });
            removers.Add(remover.remove);
        }

        bool wasTraining = model.training;
        try
        {
            model.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(zeros(inputShape));
        }
        finally
        {
            model.train(wasTraining);
            removers.ForEach(remove => remove());
        }

        return record;
    }

    // Every output element of a convolution or a linear layer takes one multiply-accumulate per weight of its
    // output channel: in_channels / groups x kernel elements, or in_features.
    private static long LeafMultiplyAccumulates(nn.Module module, Tensor output)
    {
        Tensor? weight = module switch
        {
            Conv1d conv => conv.weight,
            Conv2d conv => conv.weight,
            Conv3d conv => conv.weight,
            Linear linear => linear.weight,
            _ => null,
        };

        if (weight is null || output.dim() == 0)
        {
            return 0;
        }

        long outputElementsPerSample = output.numel() / output.shape[0];
        return outputElementsPerSample * (weight.numel() / weight.shape[0]);
    }

    private static bool IsRow(string name, nn.Module module, int maxDepth)
    {
        int depth = name.Count(c => c == '.') + 1;
        bool isLeaf = !module.children().Any();
        return depth == maxDepth || (depth < maxDepth && isLeaf);
    }

    private static ModuleSummaryRow CreateRow(string name, nn.Module module, ForwardRecord calls)
    {
        string shape = calls.Shapes.TryGetValue(name, out var outputShape) ? FormatShape(outputShape) : NotCalled;
        var parameters = module.parameters().ToList();
        long count = parameters.Sum(p => p.numel());
        long frozen = parameters.Where(p => !p.requires_grad).Sum(p => p.numel());
        bool trainable = parameters.Count > 0 && parameters.All(p => p.requires_grad);
        // Only convolutions and linear layers record a nonzero count, so summing the module and its descendants counts each once.
        long macs = calls.MultiplyAccumulates
            .Where(entry => entry.Key == name || entry.Key.StartsWith(name + ".", StringComparison.Ordinal))
            .Sum(entry => entry.Value);
        return new ModuleSummaryRow(name, module.GetType().Name, shape, count, trainable, frozen + FloatingBufferElements(module), macs);
    }

    private static long FloatingBufferElements(nn.Module module) =>
        module.buffers().Where(buffer => buffer.is_floating_point()).Sum(buffer => buffer.numel());

    private static string FormatShape(long[] shape) => "[" + string.Join(", ", shape) + "]";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
