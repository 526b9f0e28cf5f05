@INFRA-4 @TEST-12 @PROD-06
Feature: Renew jobs wait in integration_calendar_renew_webhook until a worker runs
  The cron only queues renewals; workers carry them out. While no worker consumes the queue the jobs
  wait there (and the status shows no consumers); the first worker to start processes them.

  @misconfiguration
  Scenario: A renewal waits for a worker, then renews the subscription
    Given the sync service is running with the cron but without a worker
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When 1 simulated day passes, stopping wherever something falls due
    Then "integration_calendar_renew_webhook" holds 1 message and has 0 consumers
    And the status shows 1 message and 0 consumers on "integration_calendar_renew_webhook"
    When a worker starts
    Then "integration_calendar_renew_webhook" holds 0 messages and has 1 consumer
    And the subscription expires 4230 minutes from now

  Scenario: Two cron processes at once renew a subscription once
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And a second cron process runs
    When 1 simulated day passes, stopping wherever something falls due
    Then the subscription was renewed 1 time
