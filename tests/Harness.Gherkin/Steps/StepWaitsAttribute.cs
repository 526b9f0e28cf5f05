namespace Harness.Gherkin.Steps;

/// <summary>
/// Says in the step catalogue what a step waits for before it ends (delivery, the service to settle, the clock, a
/// condition polled with a timeout): a scenario writer must know which steps let the service catch up.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StepWaitsAttribute(string what) : Attribute
{
    public string What { get; } = what;
}
