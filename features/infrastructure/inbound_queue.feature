@INFRA-4 @TEST-12
Feature: Notifications are queued on RabbitMQ and processed by a worker
  The webhook acknowledges Graph (202) only after the notification is safely in the
  integration_calendar_inbound queue; a worker processes it from there. With no worker running the
  job waits in the queue; with no broker the webhook refuses (5xx) so that Graph retries.

  Background:
    Given the sync service is running

  Scenario: A change notification reaches the worker through integration_calendar_inbound
    Given integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When a meeting is booked in the room "room.amsterdam"
    Then a worker processes a "created" change for that subscription
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  @misconfiguration
  Scenario: A job that keeps failing is set aside as a dead letter; the room's next change brings everything in
    # RabbitMq:DeliveryLimit (5) deliveries, then the job waits in integration_calendar_inbound.dead.
    Given integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And Graph drops the connection on the next 30 delta calls
    When a meeting "Planning" is booked in the room "room.amsterdam" from "10:00" to "11:00"
    Then 1 job on "integration_calendar_inbound" is set aside as dead letter
    And the object "Amsterdam" has 0 bookings
    When Graph answers normally again
    And the meeting "Planning" is moved to "14:00"
    Then the object "Amsterdam" has a confirmed booking from "14:00" to "15:00"
    And the object "Amsterdam" has 1 booking
