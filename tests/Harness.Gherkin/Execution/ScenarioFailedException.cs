namespace Harness.Gherkin.Execution;

/// <summary>A scenario did not pass; the message names the step and its feature:line, the inner exception is the cause.</summary>
public sealed class ScenarioFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    // The step binding's own stack is in the inner exception; ours only adds noise.
    public override string? StackTrace => InnerException?.StackTrace;
}
