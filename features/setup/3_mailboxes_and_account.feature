@STEP-3
Feature: Step 3: room mailboxes in the policy's group (mode B), a dedicated licensed service account (mode A)
  Application mode syncs room mailboxes, by UPN, that are in the access policy's group; delegated mode
  signs in a dedicated, licensed service account — not a person's account and not the administrator who
  granted consent.

  Background:
    Given the sync service is running

  @TEST-09
  Scenario: Room mailboxes in the group are subscribed, and the readiness check confirms they are rooms
    Given integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    And the integration is active
    When the readiness check runs
    Then every synced calendar has a subscription at Graph
    And the readiness check passes "PROD-07"

  @TEST-09 @PROD-07 @misconfiguration
  Scenario: A person's mailbox mapped as a room before admin consent (so not verified) is named by the readiness check
    Given the administrator registered the app "Room booking" in the demo tenant:
      | access policy | none        |
      | admin consent | not granted |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "alex.wilber" to the object "Board room"
    And the tenant's administrator grants admin consent
    When the readiness check runs
    Then the readiness check fails "PROD-07" saying "alex.wilber@contoso-demo.onmicrosoft.com is not a room mailbox"

  @TEST-08 @TEST-05
  Scenario: The administrator consents (Step 1), the dedicated service account connects (Step 2)
    Given the administrator registered the app "Room booking" in the demo tenant:
      | permissions   | delegated Calendars.ReadWrite |
      | admin consent | not granted                   |
    And integration mode A records that app's tenant ID, client ID and client secret
    And the integration syncs the service account's calendar to the object "Main office"
    And the administrator adds the integration's redirect URI to the app registration
    When the administrator "alex.wilber" grants consent through the integration's Step 1
    Then the service's redirect page says "Consent granted by alex.wilber@contoso-demo.onmicrosoft.com (Step 1)."
    When the account "booking.service" connects as the service account (Step 2)
    Then the service's redirect page says "Connected as booking.service@contoso-demo.onmicrosoft.com (Step 2)."
    When the readiness check runs
    Then the readiness check passes "TEST-08, PROD-01, PROD-02"

  @TEST-08 @misconfiguration
  Scenario: The administrator who consented connects their own account as the service account: the readiness check flags it
    Given the administrator registered the app "Room booking" in the demo tenant:
      | permissions   | delegated Calendars.ReadWrite |
      | admin consent | not granted                   |
    And integration mode A records that app's tenant ID, client ID and client secret
    And the integration syncs the service account's calendar to the object "Main office"
    And the administrator adds the integration's redirect URI to the app registration
    When the administrator "alex.wilber" grants consent through the integration's Step 1
    And the account "alex.wilber" connects as the service account (Step 2)
    And the readiness check runs
    Then the readiness check fails "TEST-08" saying "is the administrator who granted consent in Step 1"
