namespace ResNeXtLib.Summary;

/// <summary>One row of a <see cref="ModelSummary"/>: a module, what it output and what it holds.</summary>
/// <param name="Name">The module's dotted name, the prefix of its state-dict keys (for example <c>layer1.0.conv2</c>).</param>
/// <param name="Type">The module's .NET type name, for example <c>Conv2d</c>.</param>
/// <param name="OutputShape">The output shape of the summary's forward pass, or "-" when the forward pass did not call the module through <c>call</c>.</param>
/// <param name="Parameters">Elements of the module's parameters, its submodules' included.</param>
/// <param name="Trainable">True when the module has parameters and every one of them requires a gradient.</param>
/// <param name="NonTrainable">Elements of floating-point buffers (batch normalization's running mean and variance) plus frozen parameters.</param>
/// <param name="MultiplyAccumulates">Multiply-accumulate operations of the module's convolutions and linear layers for one sample.</param>
public sealed record ModuleSummaryRow(
    string Name,
    string Type,
    string OutputShape,
    long Parameters,
    bool Trainable,
    long NonTrainable,
    long MultiplyAccumulates);

/// <summary>A model's totals from a <see cref="ModelSummary"/>, for tables that put models side by side.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Input">The input shape of the summary's forward pass.</param>
/// <param name="TrainableParameters">Elements of parameters that require a gradient.</param>
/// <param name="NonTrainableParameters">Elements of floating-point buffers plus frozen parameters, as Keras counts batch normalization's moving statistics.</param>
/// <param name="MultiplyAccumulates">Multiply-accumulate operations of convolutions and linear layers for one sample.</param>
/// <param name="GigaMultiplyAccumulates">The same count in billions, rounded to two decimals.</param>
public sealed record ModelSummaryTotals(
    string Model,
    string Input,
    long TrainableParameters,
    long NonTrainableParameters,
    long MultiplyAccumulates,
    double GigaMultiplyAccumulates);
