using ResNeXtLib.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Shortcuts;

/// <summary>The input and output shape of one block, recorded during a real forward pass.</summary>
/// <param name="Name">The block's name, for example <c>layer2.0</c>.</param>
/// <param name="InputShape">Shape of the tensor the block received.</param>
/// <param name="OutputShape">Shape of the tensor the block returned.</param>
public sealed record BlockShape(string Name, long[] InputShape, long[] OutputShape)
{
    /// <summary>True when the block returned another channel count or spatial size than it received.</summary>
    public bool ChangesShape => !InputShape.SequenceEqual(OutputShape);
}

/// <summary>Records every block's input and output shape by running a network once.</summary>
public static class BlockShapes
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="input"/> in evaluation mode without gradients and records
    /// each block's shapes through forward hooks. The model's training mode is restored afterwards.
    /// </summary>
    public static IReadOnlyList<BlockShape> Trace(ResNeXt model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var shapes = new List<BlockShape>();
        var removers = model.Blocks
            .Select(block => block.register_forward_hook((module, blockInput, blockOutput) =>
            {
                shapes.Add(new BlockShape(module.GetName(), blockInput.shape, blockOutput.shape));
                return blockOutput;
            }))
            .ToList();

        bool wasTraining = model.training;
        try
        {
            model.eval();
            using var noGrad = no_grad();
            using var output = model.forward(input);
        }
        finally
        {
            removers.ForEach(remover => remover.remove());
            model.train(wasTraining);
        }

        return shapes;
    }

    /// <summary>Formats one line per block: input shape, output shape, and what changed (for example "channels 256 -> 512, size 56x56 -> 28x28", or "-" for none).</summary>
    public static string Format(IReadOnlyList<BlockShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        return ShapeText.Table(
            ["block", "input", "output", "changes"],
            shapes.Select(shape => (IReadOnlyList<string>)
            [
                shape.Name,
                ShapeText.Format(shape.InputShape),
                ShapeText.Format(shape.OutputShape),
                DescribeChange(shape),
            ]));
    }

    private static string DescribeChange(BlockShape shape)
    {
        var changes = new List<string>();
        if (shape.InputShape[1] != shape.OutputShape[1])
        {
            changes.Add($"channels {shape.InputShape[1]} -> {shape.OutputShape[1]}");
        }

        if (shape.InputShape[2] != shape.OutputShape[2] || shape.InputShape[3] != shape.OutputShape[3])
        {
            changes.Add($"size {shape.InputShape[2]}x{shape.InputShape[3]} -> {shape.OutputShape[2]}x{shape.OutputShape[3]}");
        }

        return changes.Count == 0 ? "-" : string.Join(", ", changes);
    }
}
