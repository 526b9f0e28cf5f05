using System.CommandLine;
using OutlookSync.Diagnostics.Readiness;
using OutlookSync.Operators;
using OutlookSync.Storage;

namespace OutlookSync.Hosting;

/// <summary>
/// The one-shot commands (System.CommandLine), with the service's settings: extra arguments such as
/// --Storage:ConnectionString=... configure them as they configure the service.
/// </summary>
public static class Commands
{
    private static readonly string[] Names = ["migrate", "execute-integrations", "readiness", "add-operator"];

    public static bool IsCommand(string[] args) => args.Length > 0 && (Names.Contains(args[0]) || args[0] is "--help" or "-h");

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("OutlookSync: run without a command to start the service; the commands below run once and exit.");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(ExecuteIntegrations());
        root.Subcommands.Add(Readiness());
        root.Subcommands.Add(AddOperator());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
        {
            // A bad command line is "unknown", like an unknown integration: exit code 2.
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("Usage: OutlookSync [migrate | execute-integrations | readiness <integration id> [probe mailbox] | add-operator <name>] [--Setting=value ...]; --help for more.");
            return Task.FromResult(2);
        }

        return parsed.InvokeAsync();
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Brings the database schema up to date (for deployments that start their nodes with Storage:MigrateOnStart=false). Exit code 0 done, 1 failed.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (result, cancellationToken) =>
        {
            var app = Program.Build([.. result.UnmatchedTokens]);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
            try
            {
                var applied = await StorageRegistration.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("migrate"), cancellationToken);
                Console.WriteLine(applied.Count == 0
                    ? $"The {db.Database.ProviderName?.Split('.').Last()} database is up to date."
                    : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
                return 0;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                // The provider's message names the problem (host, database, permission); never the connection string.
                Console.Error.WriteLine($"Could not migrate the database: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command ExecuteIntegrations()
    {
        var command = new Command("execute-integrations", "One ExecuteIntegrations run for a system cron: queue renewals and polls, then hand the jobs to the queue. Exit code 0.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (result, cancellationToken) =>
        {
            var app = await BuildAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<Scheduling.ExecuteIntegrations>().RunAsync($"one-shot@{Environment.MachineName}", cancellationToken);
            Console.WriteLine($"ExecuteIntegrations: {run.RenewalsQueued} renewal(s), {run.RecreationsQueued} recreation(s), {run.PollsQueued} poll(s) queued.");
            Console.WriteLine(await Queueing.Outbox.OutboxDrain.RunAsync(app.Services, TimeSpan.FromSeconds(10)));
            return 0;
        });
        return command;
    }

    private static Command Readiness()
    {
        var id = new Argument<int>("integration id") { Description = "The integration to check." };
        var probe = new Argument<string?>("probe mailbox") { Description = "A person's mailbox outside the room group, to prove the ApplicationAccessPolicy (PROD-03).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("readiness", "The production checklist, live against the tenant. Exit code 0 ready, 1 not ready, 2 unknown integration.") { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(id);
        command.Arguments.Add(probe);
        command.SetAction(async (result, cancellationToken) =>
        {
            var app = await BuildAsync(result, cancellationToken);
            return await ReadinessEndpoints.RunCommandAsync(app.Services, result.GetValue(id), result.GetValue(probe), Console.Out);
        });
        return command;
    }

    private static Command AddOperator()
    {
        var name = new Argument<string>("name") { Description = "The operator's sign-in name." };
        var command = new Command("add-operator", "Creates an operator for the screens (or gives one a new password). The password is read from standard input; with none, one is generated and printed once.") { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(name);
        command.SetAction(async (result, cancellationToken) =>
        {
            var operatorName = result.GetValue(name)!;
            if (!OperatorAccounts.IsValidName(operatorName))
            {
                Console.Error.WriteLine("An operator name has 2..64 letters, digits, '.', '-', '_' or '@'.");
                return 2;
            }

            var password = Console.IsInputRedirected ? (await Console.In.ReadLineAsync(cancellationToken))?.Trim() : null;
            var app = await BuildAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                var (_, used, created) = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().SetAsync(operatorName, string.IsNullOrEmpty(password) ? null : password, cancellationToken);
                Console.WriteLine(created ? $"Operator {operatorName} created." : $"Operator {operatorName}: password replaced.");
                if (string.IsNullOrEmpty(password))
                {
                    Console.WriteLine($"Password (shown once): {used}");
                }

                return 0;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>The service's composition with the command's extra arguments as settings, its schema brought up to date.</summary>
    private static async Task<WebApplication> BuildAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var app = Program.Build([.. result.UnmatchedTokens]);
        await StorageRegistration.EnsureSchemaAsync(app.Services, cancellationToken);
        return app;
    }
}
