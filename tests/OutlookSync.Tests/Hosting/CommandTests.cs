using Xunit;

namespace OutlookSync.Tests.Hosting;

/// <summary>The one-shot commands as an operator types them: add-operator, and what a malformed command line gets.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly ServiceProcess _service = new();

    [Fact]
    public async Task Add_operator_creates_the_account_with_the_password_from_standard_input_and_replaces_it_when_run_again()
    {
        var (created, createdOutput) = await _service.RunAsync(arguments: "add-operator ops.lead", input: "a-long-enough-password");
        var (replaced, replacedOutput) = await _service.RunAsync(arguments: "add-operator ops.lead", input: "another-long-password");

        Assert.True(created == 0, createdOutput);
        Assert.Contains("Operator ops.lead created.", createdOutput);
        Assert.DoesNotContain("a-long-enough-password", createdOutput);
        Assert.True(replaced == 0, replacedOutput);
        Assert.Contains("Operator ops.lead: password replaced.", replacedOutput);
    }

    [Fact]
    public async Task Add_operator_without_a_password_generates_one_and_shows_it_once()
    {
        var (exit, output) = await _service.RunAsync(arguments: "add-operator ops.lead", input: "");

        Assert.True(exit == 0, output);
        Assert.Matches(@"Password \(shown once\): [A-Za-z0-9_-]{24}", output);
    }

    [Theory]
    [InlineData("add-operator x", "", "An operator name has 2..64")]
    [InlineData("add-operator \"ops lead\"", "a-long-enough-password", "An operator name has 2..64")]
    [InlineData("add-operator ops.lead", "short", "at least 12 characters")]
    [InlineData("readiness not-a-number", null, "Usage: OutlookSync")]
    [InlineData("add-operator", null, "Usage: OutlookSync")]
    public async Task A_malformed_command_exits_with_code_2_saying_why(string arguments, string? input, string says)
    {
        var (exit, output) = await _service.RunAsync(arguments: arguments, input: input);

        Assert.True(exit == 2, $"exit code {exit}:\n{output}");
        Assert.Contains(says, output);
        Assert.DoesNotContain("Operator ops.lead created", output);
    }

    [Fact]
    public async Task Migrate_brings_a_new_database_up_to_date_and_then_finds_nothing_to_do()
    {
        var (first, firstOutput) = await _service.RunAsync(arguments: "migrate");
        var (again, againOutput) = await _service.RunAsync(arguments: "migrate");

        Assert.True(first == 0, firstOutput);
        Assert.Matches(@"Applied \d+ migration\(s\): \d+_InitialSchema", firstOutput);
        Assert.True(again == 0, againOutput);
        Assert.Contains("The Sqlite database is up to date.", againOutput);
    }

    [Fact]
    public async Task A_node_that_may_not_migrate_refuses_an_old_schema_and_names_the_migrate_command()
    {
        var (exit, output) = await _service.RunAsync(new Dictionary<string, string> { ["Storage__MigrateOnStart"] = "false" }, "execute-integrations");

        Assert.NotEqual(0, exit);
        Assert.Contains("Run the 'migrate' command first", output);
    }

    public void Dispose() => _service.Dispose();
}
