using System.Net.Http.Headers;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Xunit;

namespace GraphSimulator.Tests.Calendars;

/// <summary>
/// The shapes a real tenant answers with, where code written against a simpler fake breaks in production:
/// Exchange-length ids, OData-Version on every answer, typed delta items, notification etags that are the
/// item's own, resources written with a leading slash, and a subscription's creatorId naming the service principal.
/// </summary>
public sealed class ShapeConformanceTests : CalendarTest
{
    private Event Meeting(string subject) => new()
    {
        Subject = subject,
        Start = new DateTimeTimeZone { DateTime = "2026-11-03T10:00:00", TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = "2026-11-03T11:00:00", TimeZone = "UTC" },
        Attendees = [new Attendee { Type = AttendeeType.Resource, EmailAddress = new EmailAddress { Address = Amsterdam } }],
    };

    [Fact]
    public async Task Event_ids_are_as_long_as_Exchanges_and_every_answer_says_OData_Version_4()
    {
        var created = await Organizer.Me.Events.PostAsync(Meeting("Long ids"));
        using var http = new HttpClient(SimulatorApp.CreateTrustingHandler()) { BaseAddress = Simulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/me/events");
        using var answer = await http.SendAsync(request);

        Assert.InRange(created!.Id!.Length, 140, 200);
        Assert.StartsWith("AAMk", created.Id, StringComparison.Ordinal);
        Assert.Equal("4.0", Assert.Single(answer.Headers.GetValues("OData-Version")));
    }

    [Fact]
    public async Task Delta_items_name_their_type()
    {
        await Organizer.Me.Events.PostAsync(Meeting("Typed"));

        var page = await App.Users[Amsterdam].CalendarView.Delta.GetAsDeltaGetResponseAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-11-01T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-11-30T00:00:00Z";
        });

        Assert.Equal("#microsoft.graph.event", Assert.Single(page!.Value!).OdataType);
    }

    [Fact]
    public async Task A_notification_carries_the_items_etag_after_the_change_and_a_leading_slash_resource_is_taken()
    {
        await using var endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        var subscription = await App.Subscriptions.PostAsync(EventsSubscription($"/users/{Amsterdam}/events", endpoint.Url));

        await Organizer.Me.Events.PostAsync(Meeting("Etag"));
        var body = await Eventually.UntilAsync(() => Task.FromResult(endpoint.Notifications.FirstOrDefault()), "a notification at the endpoint");
        var roomCopy = Assert.Single((await App.Users[Amsterdam].Events.GetAsync())!.Value!);

        var etag = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("value")[0].GetProperty("resourceData").GetProperty("@odata.etag").GetString();
        Assert.Equal($"W/\"{roomCopy.ChangeKey}\"", etag);
        Assert.NotEqual(Demo.Tenant.Apps[0].AppId, subscription!.CreatorId);
        Assert.True(Guid.TryParse(subscription.CreatorId, out _), $"creatorId is the service principal's object id: {subscription.CreatorId}");
    }
}
