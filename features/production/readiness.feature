Feature: The readiness check verifies the production checklist against the live tenant
  Before go-live the operator runs the readiness check (GET /api/admin/integrations/{id}/readiness, or
  `dotnet OutlookSync.dll readiness <id> <probe mailbox>`). It signs in, reads every mapped calendar,
  tries a mailbox outside the room group, checks the public addresses, the live subscriptions, the cron
  and workers, the mapped objects, the problem e-mail and the first sync, and says what to fix.

  @PROD-01 @PROD-02 @PROD-03 @PROD-06 @PROD-07 @PROD-08 @PROD-09 @TEST-02 @TEST-04
  Scenario: A well set-up integration passes the live items
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When 5 simulated minutes pass in cron intervals
    And the readiness check runs with the probe mailbox "alex.wilber"
    Then the readiness check passes "PROD-01, PROD-02, PROD-03, PROD-06, PROD-07, PROD-08, PROD-09"

  @PROD-04 @PROD-05 @TEST-03 @TEST-10
  Scenario: On its production address (https, a real host name, no tunnel) with the redirect URI registered, the public items pass
    Given the sync service is running on its production address
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the administrator adds the integration's redirect URI to the app registration
    And the integration is active
    When the readiness check runs
    Then every synced calendar has a subscription at Graph
    And the readiness check passes "PROD-04, PROD-05, TEST-03"

  @PROD-04 @PROD-05 @misconfiguration
  Scenario: A service on a loopback http address fails the public items
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the readiness check runs
    Then the readiness check fails "PROD-04" saying "is not https"
    And the readiness check fails "PROD-05" saying "is not https"
    And the integration is not ready for production

  @PROD-03 @TEST-07 @misconfiguration
  Scenario: Without an ApplicationAccessPolicy the app has tenant-wide access
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    And the tenant's administrator removed the app's ApplicationAccessPolicy
    When the readiness check runs
    Then the readiness check does not check "PROD-03", saying "Give a probe mailbox outside the room group"
    When the readiness check runs with the probe mailbox "alex.wilber"
    Then the readiness check fails "PROD-03" saying "access is tenant-wide"

  @PROD-01 @TEST-02 @misconfiguration
  Scenario: An expired client secret fails sign-in, and what depends on it is not checked
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the app's client secret expires
    And 65 simulated minutes pass in cron intervals
    And the readiness check runs with the probe mailbox "alex.wilber"
    Then the readiness check fails "PROD-01" saying "the client secret has expired"
    And the readiness check does not check "PROD-02", saying "Sign-in fails (PROD-01)."
    And the readiness check does not check "PROD-03", saying "Sign-in fails (PROD-01)."

  @PROD-06 @PROD-07 @misconfiguration
  Scenario: No cron and a test object are reported
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Test room"
    And the integration is active
    When the readiness check runs
    Then the readiness check fails "PROD-06" saying "ExecuteIntegrations has never run"
    And the readiness check fails "PROD-07" saying "looks like a test object: map the real one"

  @PROD-02 @PROD-09 @misconfiguration
  Scenario: Missing permission or consent is reported, and an integration never activated has no first sync
    Given the sync service is running with the cron
    And integration mode B uses the app without application permissions for the room "room.berlin" and the object "Berlin"
    When the readiness check runs
    Then the readiness check passes "PROD-01"
    And the readiness check fails "PROD-02" saying "grant the application permission Calendars.ReadWrite and admin consent"
    And the readiness check fails "PROD-09" saying "The integration is not active."

  @PROD-08 @misconfiguration
  Scenario: No "e-mail on problems" address is reported
    Given the sync service is running with the cron
    And integration mode B uses the app without application permissions for the room "room.berlin" and the object "Berlin"
    When the readiness check runs
    Then the readiness check fails "PROD-08" saying "e-mail on problems"

  @PROD-04 @PROD-05 @PROD-06 @PROD-09
  Scenario: The readiness command, as a deploy script runs it, exits 0 when every item passes
    Given the sync service is running on its production address with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the administrator adds the integration's redirect URI to the app registration
    And the integration is active
    When 5 simulated minutes pass in cron intervals
    And the operator runs the readiness command with the probe mailbox "alex.wilber"
    Then the readiness command exits with code 0, printing "Ready for production."

  @PROD-06 @misconfiguration
  Scenario: The readiness command exits 1 naming what to fix, and 2 for an integration that does not exist
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the operator runs the readiness command
    Then the readiness command exits with code 1, printing "ExecuteIntegrations has never run"
    When the operator runs the readiness command for the integration 999
    Then the readiness command exits with code 2, printing "No integration 999."
