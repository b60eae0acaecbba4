using TorchSharp;
using ResNeXtLib.Models;
using static TorchSharp.torch;

namespace ResNeXtLib.Weights;

/// <summary>The outcome of running a model with weights exported from PyTorch on the input PyTorch saw.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="TensorsLoaded">The number of state-dict tensors copied into the model.</param>
/// <param name="OutputShape">The shape of the model's output.</param>
/// <param name="MaxAbsoluteDifference">The largest absolute difference between this output and PyTorch's.</param>
/// <param name="MaxAbsoluteOutput">The largest absolute value of PyTorch's output, to judge the difference against.</param>
public sealed record ReferenceCheck(string Model, int TensorsLoaded, string OutputShape, double MaxAbsoluteDifference, double MaxAbsoluteOutput);

/// <summary>
/// Checks a <see cref="ResNeXt"/> against weights and outputs that scripts/export_torchvision_reference.py writes
/// from torchvision: a state-dict file and a file with the tensors "input" and "output".
/// </summary>
public static class TorchvisionReference
{
    /// <summary>File name of the reduced model's state dict, in tests/ResNeXtLib.Tests/Fixtures/.</summary>
    public const string ReducedWeightsFile = "resnext-reduced.safetensors";

    /// <summary>File name of the reduced model's input and output, in tests/ResNeXtLib.Tests/Fixtures/.</summary>
    public const string ReducedInputOutputFile = "resnext-reduced-io.safetensors";

    /// <summary>
    /// The reduced ResNeXt of the export script's default mode, with torchvision's layout and names. It has a
    /// 32-channel stem, stages of 2, 1, 1 and 1 blocks with 64 to 512 output channels, cardinality 8 and 4 to 32
    /// channels per group. It takes 3x64x64 input, has 10 classes and 554,282 parameters.
    /// </summary>
    public static ResNeXtConfig ReducedResNeXt() => new(
        Name: "ResNeXt reference (8x4d, reduced width)",
        InputChannels: 3,
        InputSize: 64,
        StemChannels: 32,
        StemKernelSize: 7,
        StemStride: 2,
        StemMaxPool: true,
        Cardinality: 8,
        Stages:
        [
            new StageSpec(Blocks: 2, BottleneckWidth: 4, OutChannels: 64, Stride: 1),
            new StageSpec(Blocks: 1, BottleneckWidth: 8, OutChannels: 128, Stride: 2),
            new StageSpec(Blocks: 1, BottleneckWidth: 16, OutChannels: 256, Stride: 2),
            new StageSpec(Blocks: 1, BottleneckWidth: 32, OutChannels: 512, Stride: 2),
        ],
        NumClasses: 10);

    /// <summary>
    /// Builds a <see cref="ResNeXt"/> from <paramref name="config"/>, loads the state dict from
    /// <paramref name="weightsPath"/>, runs the saved input in evaluation mode and compares with the saved output.
    /// </summary>
    /// <exception cref="StateDictMismatchException">The weights do not fit the configuration.</exception>
    /// <exception cref="InvalidDataException">The input-output file lacks the tensor "input" or "output".</exception>
    public static ReferenceCheck Check(ResNeXtConfig config, string weightsPath, string inputOutputPath)
    {
        using var scope = NewDisposeScope();
        var stateDict = Safetensors.Load(weightsPath);
        var inputOutput = Safetensors.Load(inputOutputPath);
        var input = Require(inputOutput, "input", inputOutputPath);
        var expected = Require(inputOutput, "output", inputOutputPath);

        using var model = new ResNeXt(config);
        StateDictLoader.Load(model, stateDict);
        model.eval();

        using var noGrad = no_grad();
        var output = model.call(input);
        return new ReferenceCheck(
            config.Name,
            stateDict.Count,
            StateDictLoader.FormatShape(output.shape),
            AggregatedTransformation.MaxAbsoluteDifference(output, expected),
            expected.abs().max().ToDouble());
    }

    private static Tensor Require(Dictionary<string, Tensor> tensors, string name, string path) =>
        tensors.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"'{path}' has no tensor '{name}'; write it with scripts/export_torchvision_reference.py.");
}
