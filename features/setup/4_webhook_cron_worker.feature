@STEP-4
Feature: Step 4: the webhook publicly reachable and echoing, the cron and the RabbitMQ worker running
  Graph creates a subscription only after the public webhook echoed its validation token; renewals and the
  polling fallback need the ExecuteIntegrations cron; queued jobs need a worker.

  @INFRA-1 @TEST-10 @TEST-11 @TEST-12
  Scenario: Webhook, cron and worker in place: every calendar gets its subscription and the readiness check is content
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And 5 simulated minutes pass in cron intervals
    When the readiness check runs
    Then every synced calendar has a subscription at Graph
    And the readiness check passes "PROD-06"

  @INFRA-1 @TEST-10 @misconfiguration
  Scenario: The public URL leads to something that does not echo the token: no subscription, and the calendar says why
    Given a notification endpoint that answers the validation with an empty body
    And the sync service is running with its public URL pointing at that endpoint
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    When the integration is activated
    Then the calendar "room.amsterdam" shows a problem saying "Graph could not validate the webhook"
    And the simulator lists no subscriptions for the app

  @TEST-11 @TEST-12 @misconfiguration
  Scenario: No worker and no cron: the readiness check names what is not running
    Given the sync service is running without a worker
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the readiness check runs
    Then the readiness check fails "PROD-06" saying "No worker consumes integration_calendar_inbound"
    And the readiness check fails "PROD-06" saying "ExecuteIntegrations has never run"
