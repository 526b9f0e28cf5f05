@INFRA-4 @TEST-12
Feature: Notifications are queued on RabbitMQ and processed by a worker
  The webhook acknowledges Graph (202) only after the notification is safely in the
  integration_calendar_inbound queue; a worker processes it from there. With no worker running the
  job waits in the queue; with no broker the webhook refuses (5xx) so that Graph retries.

  Scenario: A change notification reaches the worker through integration_calendar_inbound
    Given the sync service is running
    And a subscription to "me/events" for the service webhook
    When Outlook reports the event "evt-1" as created
    Then the webhook acknowledged the notification with HTTP 202
    And a worker processes the change to "evt-1" for that subscription

  Scenario: With the worker stopped the notification waits in the queue until a worker starts
    Given the sync service is running without a worker
    And a subscription to "me/events" for the service webhook
    When Outlook reports the event "evt-2" as created
    Then the webhook acknowledged the notification with HTTP 202
    And "integration_calendar_inbound" holds 1 message and has 0 consumers
    When a worker starts
    Then a worker processes the change to "evt-2" for that subscription
    And "integration_calendar_inbound" holds 0 messages and has 1 consumer

  Scenario: When the broker is unreachable the webhook answers 503 so that Graph retries
    Given the sync service is running with a broker that cannot be reached
    And a subscription to "me/events" for the service webhook
    When Outlook reports the event "evt-3" as created
    Then the webhook refused the notification with HTTP 503
