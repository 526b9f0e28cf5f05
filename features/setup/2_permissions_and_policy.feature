@STEP-2
Feature: Step 2 in the tenant: Calendars.ReadWrite for the mode, admin consent, an ApplicationAccessPolicy
  The administrator adds the Graph permission Calendars.ReadWrite for the chosen mode; for application
  mode (B) grants admin consent (Step 1 on the auth screen leads there) and restricts the app to a
  mail-enabled security group of rooms with an ApplicationAccessPolicy.

  Background:
    Given the sync service is running

  @TEST-06 @TEST-07
  Scenario: Application permission, admin consent granted through the integration's Step 1, access restricted to the rooms' group
    Given the administrator registered the app "Room booking" in the demo tenant:
      | permissions   | application Calendars.ReadWrite, Place.Read.All |
      | admin consent | not granted                                      |
      | access policy | bookable-rooms                                   |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    And the administrator adds the integration's redirect URI to the app registration
    When the administrator "alex.wilber" grants consent through the integration's Step 1
    Then the service's redirect page says "Admin consent granted (Step 1)."
    When the readiness check runs with the probe mailbox "alex.wilber"
    Then the readiness check passes "PROD-01, PROD-02, PROD-03"

  @TEST-06 @misconfiguration
  Scenario: Admin consent never granted: the readiness check says to grant it
    Given the administrator registered the app "Room booking" in the demo tenant:
      | permissions   | application Calendars.ReadWrite |
      | admin consent | not granted                     |
      | access policy | bookable-rooms                  |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    When the readiness check runs
    Then the readiness check fails "PROD-02" saying "grant the application permission Calendars.ReadWrite and admin consent"

  @TEST-07 @misconfiguration
  Scenario: No ApplicationAccessPolicy: the app reaches a person's calendar, and the readiness check says so
    Given the administrator registered the app "Room booking" in the demo tenant:
      | access policy | none |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    When the readiness check runs with the probe mailbox "alex.wilber"
    Then the readiness check fails "PROD-03" saying "access is tenant-wide"
