@INFRA-4 @TEST-12
Feature: Without a worker, notifications wait in the queue
  A web node alone acknowledges and queues; nothing is lost while no worker runs, and the first
  worker to start processes what waited (here: the first sync queued by activation, and the
  notification of the new meeting). Without a broker the webhook answers 503 so Graph retries.

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

  Scenario: When the broker is unreachable the webhook answers 503 so that Graph retries
    Given the sync service is running with a broker that cannot be reached
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When Outlook reports the event "evt-3" as created
    Then the webhook refused the notification with HTTP 503
