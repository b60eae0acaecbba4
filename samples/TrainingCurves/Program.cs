// The training notebook (notebooks/04-training-curves.ipynb) as a plain console program:
//   dotnet run -c Release --project samples/TrainingCurves
// It honours RESNEXT_FAST=1 like the notebook and writes the charts as HTML files instead of displaying them.
using System.Globalization;
using Plotly.NET;
using ResNeXtLib;
using ResNeXtLib.Charts;
using ResNeXtLib.Data;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;

WorkbookSetup.Initialize();
torch.set_num_threads(Environment.ProcessorCount);
var plan = TrainingPlan.FromEnvironment();
Console.WriteLine(plan.Describe());

var data = FashionMnist.Load();
var (train, validation) = plan.Split(data.Train);
Console.WriteLine($"Training on {train.Count:N0} images, validating on {validation.Count:N0}.");

torch.manual_seed(plan.Options.Seed);
using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
Console.WriteLine($"{model.Config.Name}: {model.parameters().Sum(p => p.numel()):N0} trainable parameters");

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, args) =>
{
    // The first Ctrl+C stops after the current step and keeps the completed epochs.
    args.Cancel = true;
    cancellation.Cancel();
};

var trainer = new Trainer(model, plan.Options);
new ConsoleTrainingReporter().Attach(trainer);
var history = trainer.Fit(train, validation, cancellation.Token);

string outputFolder = Path.Combine("artifacts", "training");
history.Save(Path.Combine(outputFolder, "history.csv"));
var test = Evaluation.Evaluate(model, data.Test);
Console.WriteLine($"Test accuracy: {(100 * test.Accuracy).ToString("F1", CultureInfo.InvariantCulture)}%");

SaveChart(TrainingCurves.Create(history, plan.Options.Epochs), "training-curves.html");
SaveChart(ConfusionMatrixChart.Create(test.ConfusionMatrix, FashionMnist.ClassNames), "confusion-matrix.html");
Console.WriteLine($"History and charts saved under {Path.GetFullPath(outputFolder)}.");

void SaveChart(GenericChart chart, string fileName) =>
    File.WriteAllText(Path.Combine(outputFolder, fileName), GenericChart.toEmbeddedHTML(chart));
