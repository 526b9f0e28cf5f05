using Io.Cucumber.Messages.Types;
using Reqnroll;

namespace Harness.Gherkin.Discovery;

/// <summary>Finds the source nodes (scenario, rule, step, example row) that a pickle refers to by id.</summary>
internal sealed class GherkinNodeMap
{
    private readonly Dictionary<string, (Scenario Scenario, RuleInfo? Rule)> _scenarios = new();
    private readonly Dictionary<string, Step> _steps = new();
    private readonly Dictionary<string, ExampleRow> _rows = new();

    public static GherkinNodeMap Build(GherkinDocument document)
    {
        var map = new GherkinNodeMap();
        foreach (var child in document.Feature?.Children ?? [])
        {
            map.Add(child.Background);
            map.Add(child.Scenario, null);
            if (child.Rule is { } rule)
            {
                var info = new RuleInfo(rule.Name, rule.Description?.Trim() ?? "", rule.Tags.Select(t => t.Name.TrimStart('@')).ToArray());
                foreach (var ruleChild in rule.Children)
                {
                    map.Add(ruleChild.Background);
                    map.Add(ruleChild.Scenario, info);
                }
            }
        }

        return map;
    }

    public (Scenario Scenario, RuleInfo? Rule) Scenario(string id) => _scenarios[id];

    public ExampleRow? Row(string id) => _rows.GetValueOrDefault(id);

    public StepDefinitionCall Step(PickleStep pickleStep)
    {
        var source = _steps[pickleStep.AstNodeIds[0]];
        var kind = pickleStep.Type switch
        {
            PickleStepType.ACTION => StepKind.When,
            PickleStepType.OUTCOME => StepKind.Then,
            _ => StepKind.Given,
        };
        string? docString = pickleStep.Argument?.DocString?.Content;
        Table? table = null;
        if (pickleStep.Argument?.DataTable is { Rows.Count: > 0 } data)
        {
            table = new Table(data.Rows[0].Cells.Select(c => c.Value).ToArray());
            foreach (var row in data.Rows.Skip(1))
            {
                table.AddRow(row.Cells.Select(c => c.Value).ToArray());
            }
        }

        return new StepDefinitionCall(kind, source.Keyword, pickleStep.Text, docString, table, (int)source.Location.Line);
    }

    private void Add(Background? background)
    {
        foreach (var step in background?.Steps ?? [])
        {
            _steps[step.Id] = step;
        }
    }

    private void Add(Scenario? scenario, RuleInfo? rule)
    {
        if (scenario is null)
        {
            return;
        }

        _scenarios[scenario.Id] = (scenario, rule);
        foreach (var step in scenario.Steps)
        {
            _steps[step.Id] = step;
        }

        foreach (var examples in scenario.Examples)
        {
            var header = examples.TableHeader?.Cells.Select(c => c.Value).ToArray() ?? [];
            foreach (var row in examples.TableBody)
            {
                var values = row.Cells.Select(c => c.Value).ToArray();
                _rows[row.Id] = new ExampleRow(
                    (int)row.Location.Line,
                    values,
                    header.Zip(values, (h, v) => new KeyValuePair<string, string>(h, v)).ToArray());
            }
        }
    }
}

internal sealed record ExampleRow(int Line, string[] Cells, KeyValuePair<string, string>[] Arguments);
