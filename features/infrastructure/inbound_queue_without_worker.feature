@INFRA-4 @TEST-12
Feature: Without a worker, notifications wait in the queue
  A web node alone acknowledges and queues; nothing is lost while no worker runs, and the first
  worker to start processes what waited (here: the first sync queued by activation, and the
  notification of the new meeting), reading Graph once per calendar for all the jobs that waited for it. Without a broker the webhook still acknowledges: each
  notification is committed to the outbox first, which hands it to the queue once the broker is back.

  @misconfiguration
  Scenario: With the worker stopped the notification waits in the queue until a worker starts
    Given the sync service is running without a worker
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When a meeting is booked in the room "room.amsterdam"
    Then "integration_calendar_inbound" holds 2 messages and has 0 consumers
    And the object "Amsterdam" has 0 bookings
    When a worker starts
    Then a worker processes a "created" change for that subscription
    And "integration_calendar_inbound" holds 0 messages and has 1 consumer
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  Scenario: Changes that waited in the queue for one room cost one read of Graph once a worker starts
    Given the sync service is running without a worker
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When a meeting "Planning" is booked in the room "room.amsterdam" from "09:00" to "10:00"
    And a meeting "Review" is booked in the room "room.amsterdam" from "11:00" to "12:00"
    And the meeting "Planning" is moved to "13:00"
    And 60 simulated seconds pass
    And a worker starts
    Then the object "Amsterdam" has a confirmed booking from "13:00" to "14:00"
    And the object "Amsterdam" has a confirmed booking from "11:00" to "12:00"
    And the new worker read the room's calendar at Graph once and answered every other queued job without asking Graph

  @misconfiguration
  Scenario: While the broker is unreachable notifications wait in the outbox and /health says why
    Given the sync service is running with a broker that cannot be reached
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When Outlook reports the event "evt-3" as created
    Then the webhook acknowledged the notification with HTTP 202
    And the outbox holds 2 jobs
    And the health check answers "Degraded"
    And the health check reports "broker" as "Degraded", saying "is unreachable"
    And the health check reports "outbox" as "Degraded", saying "2 job(s) wait in the outbox"
    And the health check reports "consumers" as "Healthy", saying "No worker role in this process"
