@INFRA-3 @TEST-11
Feature: ExecuteIntegrations keeps the sync alive: renewals and the polling fallback
  The cron renews every subscription within 2 days of its expiry, recreates subscriptions that are
  gone, and polls every calendar that has not synced for more than 30 minutes, so that a change whose
  notification was lost still becomes a booking. Without the cron, subscriptions expire, and the
  status says the cron is not running.

  @INFRA-2
  Scenario: Over 10 simulated days every subscription is renewed before it expires
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When 10 simulated days pass, stopping wherever something falls due
    Then the calendar's subscription is the same one and expires more than 1 day from now
    And every renewal of the calendar's subscription came within 2 days of its expiry, 9 or more in all
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  Scenario: A change whose notification is lost arrives through the 30-minute polling fallback, not before
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And the simulator drops every notification
    When a meeting is booked in the room "room.amsterdam"
    And 25 simulated minutes pass in cron intervals
    Then the object "Amsterdam" has 0 bookings
    When 10 simulated minutes pass in cron intervals
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  @INFRA-2
  Scenario: Without the cron the subscription expires; once the cron runs it is recreated and nothing is lost
    Given the sync service is running without the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When 3 simulated days pass
    Then the subscription is gone
    And the cron status says "has never run"
    When a meeting is booked in the room "room.amsterdam"
    And the cron starts
    And 5 simulated minutes pass in cron intervals
    Then the calendar has a new subscription at Graph
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the cron status says "is running"


  @INFRA-2 @PROD-06 @misconfiguration
  Scenario: When the cron process stops, the status and the health check say so; once it runs again nothing is lost
    Given the sync service is running
    And the cron runs in a process of its own
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When 1 simulated day passes, stopping wherever something falls due
    Then the cron status says "is running"
    And the health check answers "Healthy"
    When the cron process stops
    And 3 simulated days pass
    Then the subscription is gone
    And the cron status says "the cron is not running"
    And the health check answers "Degraded"
    And the health check reports "cron" as "Degraded", saying "the cron is not running"
    When a meeting is booked in the room "room.amsterdam"
    And the cron starts
    And 5 simulated minutes pass in cron intervals
    Then the calendar has a new subscription at Graph
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the cron status says "is running"
