using System.Diagnostics;
using Harness.Gherkin.Discovery;
using Harness.Gherkin.Steps;

// ./harness check [feature files...]   bind every step of the features, without running anything
// ./harness steps                      write docs/steps.md, the step catalogue
// Nothing runs, so nothing is reported: without this Reqnroll's report writers hold the process for 30 s at exit.
Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS_DISABLED", "true");

// --features DIR: the features as they are in the working tree (default: the copies in the build output).
var stepAssembly = typeof(Harness.Specs.ChecklistFeatures).Assembly;
var arguments = args.ToList();
var featuresRoot = Path.Combine(AppContext.BaseDirectory, "features");
if (arguments.IndexOf("--features") is >= 0 and var at && at + 1 < arguments.Count)
{
    featuresRoot = Path.GetFullPath(arguments[at + 1]);
    arguments.RemoveRange(at, 2);
}

switch (arguments.FirstOrDefault())
{
    case "check":
        return Check(arguments.Skip(1).ToList());
    case "catalogue" when arguments.Count == 2:
        File.WriteAllText(arguments[1], StepCatalogue.Render(Quietly(() => StepLibrary.Of(stepAssembly)), featuresRoot, stepAssembly));
        Console.WriteLine($"Wrote {arguments[1]}.");
        return 0;
    default:
        Console.Error.WriteLine("usage: Harness.Steps [--features DIR] check [feature files...] | catalogue <path of docs/steps.md>");
        return 2;
}

int Check(List<string> files)
{
    var watch = Stopwatch.StartNew();
    var paths = files.Count == 0 ? FeatureCatalog.FindFeatureFiles(featuresRoot) : files.Select(f => Relative(f, featuresRoot)).ToList();
    var result = StepCheck.Run(Quietly(() => StepLibrary.Of(stepAssembly)), featuresRoot, paths);
    foreach (var error in result.ParseErrors)
    {
        Console.WriteLine(error);
    }

    foreach (var finding in result.Findings)
    {
        Console.WriteLine("features/" + finding.Describe());
        if (finding.Undefined)
        {
            Console.WriteLine("  a binding to start from:");
            Console.WriteLine(StepSkeleton.For(finding.Kind, finding.Text, hasTable: false, hasDocString: false));
        }

        Console.WriteLine();
    }

    Console.WriteLine($"{result.Features} feature file(s), {result.Scenarios} scenario(s), {result.Steps} step(s): "
        + (result.Passed ? "every step binds" : $"{result.Findings.Count(f => f.Undefined)} undefined, {result.Findings.Count(f => !f.Undefined)} ambiguous, {result.ParseErrors.Count} file(s) that do not parse")
        + $" ({watch.Elapsed.TotalSeconds:0.0} s).");
    return result.Passed ? 0 : 1;
}

// Reqnroll traces its start-up ("Loading plugin ...") on standard output: not what a QA engineer needs to read.
static T Quietly<T>(Func<T> load)
{
    var output = Console.Out;
    Console.SetOut(TextWriter.Null);
    try
    {
        return load();
    }
    finally
    {
        Console.SetOut(output);
    }
}

// A feature file named from the repository (features/sync/x.feature) or relative to the features folder.
static string Relative(string file, string featuresRoot)
{
    var path = file.Replace('\\', '/');
    var at = path.IndexOf("features/", StringComparison.Ordinal);
    var relative = at >= 0 ? path[(at + "features/".Length)..] : path;
    return File.Exists(Path.Combine(featuresRoot, relative)) ? relative : throw new FileNotFoundException($"No feature {file} (looked in {featuresRoot}; is the build up to date?)");
}
