@INFRA-2
Feature: Lifecycle notifications lead to the documented recovery
  reauthorizationRequired: the subscription is reauthorized (renewed). subscriptionRemoved: it is
  created again and the calendar resynced. missed: the calendar is resynced. No booking is lost or doubled.

  Background:
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active

  Scenario: reauthorizationRequired renews the subscription
    When 1 simulated days pass
    And Graph sends the lifecycle event "reauthorizationRequired"
    Then the subscription expires 4230 minutes from now

  Scenario: Graph challenges a subscription about to expire by itself; the service renews it in time
    # The subscription lives 4230 minutes (70.5 hours); Graph sends reauthorizationRequired in its last hour.
    When 70 simulated hours pass
    Then a worker processes the lifecycle event "reauthorizationRequired" for that subscription
    And the subscription expires 4230 minutes from now

  Scenario: subscriptionRemoved recreates the subscription and resyncs
    Given the simulator drops every notification
    When a meeting is booked in the room "room.amsterdam"
    And Graph sends the lifecycle event "subscriptionRemoved"
    Then the calendar has a new subscription at Graph
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the object "Amsterdam" has 1 booking

  Scenario: missed resyncs the calendar
    Given the simulator drops every notification
    When a meeting is booked in the room "room.amsterdam"
    And Graph sends the lifecycle event "missed"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the object "Amsterdam" has 1 booking
