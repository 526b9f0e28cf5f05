@INFRA-5 @PROD-06
Feature: Workers left on an old deploy are reported as stale
  After deploying new code or configuration every worker must be restarted. Each service process
  reports the build and configuration it runs; a worker that differs from the web node is stale.

  Scenario: A worker from the previous deploy is reported; the current ones are not
    Given the sync service is running
    When a worker from the previous deploy starts, with configuration version "2026-10-01"
    Then the status reports 1 stale worker, saying "restart the workers after a deploy"
