@PROD-09 @STEP-6
Feature: The diagnostics screen: the first live sync, the webhook's status, queues, cron and workers
  After activation the operator verifies on the diagnostics screen that every calendar has its
  subscription and synced, that Graph validated the webhook and its notifications are queued, and runs
  the readiness check there. A calendar that cannot sync shows its problem with the fix.

  Scenario: After activation every calendar shows synced, the webhook validated, and the first booking is there
    Given the sync service is running
    And the operator is signed in
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the operator maps the room "room.amsterdam" to the new object "Amsterdam"
    And the operator activates the integration
    And a meeting is booked in the room "room.amsterdam"
    Then the diagnostics screen shows "room.amsterdam" as synced
    And the diagnostics screen shows a validation handshake "echoed"
    And the diagnostics screen shows a notification "queued"
    And the diagnostics screen lists a confirmed booking of "Amsterdam" from "10:00" to "11:00"
    When the operator runs the readiness check on the diagnostics screen
    Then the diagnostics screen shows the readiness item "PROD-09" as "passed", saying "Last syncs"
    And the operator's screen is kept as "diagnostics"

  @TEST-15
  Scenario: Mode A set up on the screens: the service account's calendar shows synced, inbound and outbound work end to end
    Given the sync service is running
    And the operator is signed in
    When the operator creates the integration "Main office" in mode A with the demo app's tenant ID, client ID and client secret
    And the administrator adds the integration's redirect URI to the app registration
    And the operator grants consent (Step 1)
    And the operator connects the service account "booking.service" (Step 2)
    And the operator maps the service account's calendar to the new object "Main office"
    And the operator activates the integration
    Then the diagnostics screen shows "me" as synced
    When a meeting is booked in the room "room.amsterdam"
    Then the diagnostics screen lists a confirmed booking of "Main office" from "10:00" to "11:00"
    When a booking "Board meeting" from "14:00" to "15:00" is made on the object "Main office" as confirmed
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as busy

  @misconfiguration @INFRA-1
  Scenario: A webhook that failed validation shows on the diagnostics screen with its fix
    Given a notification endpoint that answers the validation with an empty body
    And the sync service is running with its public URL pointing at that endpoint
    And the operator is signed in
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the operator maps the room "room.amsterdam" to the new object "Amsterdam"
    And the operator activates the integration
    Then the banner says "cannot sync"
    And the diagnostics screen shows "room.amsterdam" with the problem "Graph could not validate the webhook"
    When the operator runs the readiness check on the diagnostics screen
    Then the diagnostics screen shows the readiness item "PROD-09" as "failed", saying "Graph could not validate the webhook"

  @misconfiguration @STEP-3
  Scenario: A room outside the access policy's group shows its problem while the other room syncs
    Given the sync service is running
    And the operator is signed in
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the operator maps the room "room.amsterdam" to the new object "Amsterdam"
    And the operator maps the room "room.outside-policy" to the new object "Annex"
    And the operator activates the integration
    Then the diagnostics screen shows "room.amsterdam" as synced
    And the diagnostics screen shows "room.outside-policy" with the problem "outside the ApplicationAccessPolicy group"
