using Reqnroll;
using Xunit;

namespace Harness.Gherkin.Tests;

[Binding]
public sealed class SampleSteps
{
    private int _counter;

    public static int CompletedChecks;

    [Given("a counter starting at {int}")]
    public void GivenCounter(int start) => _counter = start;

    [When("I add {int}")]
    public void WhenIAdd(int amount) => _counter += amount;

    [When("I add the numbers")]
    public void WhenIAddTheNumbers(Table table) => _counter += table.Rows.Sum(r => int.Parse(r["amount"], System.Globalization.CultureInfo.InvariantCulture));

    [When("I do something not written yet")]
    public void WhenPending() => throw new PendingStepException();

    [Then("the counter is {int}")]
    public void ThenTheCounterIs(int expected)
    {
        Assert.Equal(expected, _counter);
        Interlocked.Increment(ref CompletedChecks);
    }
}
