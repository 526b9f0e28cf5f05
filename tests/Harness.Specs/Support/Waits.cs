namespace Harness.Specs.Support;

/// <summary>What a step waits for, as the step catalogue (docs/steps.md) states it: one wording per kind of wait.</summary>
public static class Waits
{
    public const string ServiceSettled = "until the service has settled: due notifications delivered, the queues drained and every job done";

    public const string NotificationsPosted = "until the simulator has posted every notification due now (the service's work that follows is not awaited: Then steps poll for it)";

    public const string ChangeNotified = "until the simulator has posted the change's notifications (the service's sync that follows is not awaited: Then steps poll for it)";

    public const string UntilHappened = "until what it describes has happened (up to 15 s of real time, then the step fails saying what it waited for)";

    public const string SignInRedirect = "for Entra ID's page and the redirect back to the auth screen (then for the service to settle when it runs workers)";
}
