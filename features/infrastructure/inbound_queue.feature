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
