@fault @INFRA-4 @TEST-12 @PROD-06
Feature: Nothing is lost when the broker restarts
  While RabbitMQ is away, the webhook keeps acknowledging Graph: every notification is committed to
  the outbox first. Workers lose their consumers and /health says so; when the broker is back,
  RabbitMQ.Client's automatic recovery restores the consumers in the same process (no restart), the
  relay hands the waiting jobs on, and every change made in Outlook meanwhile becomes a booking.

  Scenario: The broker stops and starts again while Outlook keeps changing room calendars
    Given the sync service runs on a broker of its own that the scenario can stop
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    And the integration is active
    When Outlook keeps changing the rooms' calendars, 5 changes a second
    And the broker stops for 8 seconds while a monitor asks /health every half second
    And Outlook stops changing the calendars after 3 more seconds
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the webhook acknowledged every notification
    And /health answered "Unhealthy" during the fault, its "consumers" check saying "integration_calendar_inbound: no consumer since"
    And /health answered "Unhealthy" during the fault, its "broker" check saying "RabbitMQ at amqp://guest@127.0.0.1"
    And the health check reports "consumers" as "Healthy", saying "Consuming integration_calendar_inbound"

  @misconfiguration
  Scenario: A worker whose queue is deleted under it goes Unhealthy at once, then consumes again by itself
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When an operator deletes the queue "integration_calendar_inbound"
    Then the health check reports "consumers" as "Unhealthy", saying "integration_calendar_inbound: no consumer since"
    And the health check reports "consumers" as "Healthy", saying "Consuming integration_calendar_inbound"
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
