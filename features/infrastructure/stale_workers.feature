@INFRA-5 @PROD-06
Feature: Workers left on an old deploy are reported as stale
  After deploying new code or configuration every worker must be restarted. Each service process
  reports the build and configuration it runs; a worker that differs from the web node is stale.

  @misconfiguration
  Scenario: A worker from the previous deploy is reported; the current ones are not
    Given the sync service is running
    When a worker from the previous deploy starts, with configuration version "2026-10-01"
    Then the status reports 1 stale worker, saying "restart the workers after a deploy"

  Scenario: Once the old worker is stopped and a current one started, nothing is stale
    Given the sync service is running
    And a worker from the previous deploy starts, with configuration version "2026-10-01"
    When the worker from the previous deploy stops
    And a worker starts
    Then the status reports 0 stale workers, saying "restart the workers after a deploy"
