@STEP-1
Feature: Step 1 in the tenant: a single-tenant app registration, a client secret, the redirect URI, the IDs noted
  In the customer's tenant the administrator registers a single-tenant app, creates a client secret (no
  certificate), notes the tenant ID, client ID and secret, and registers the redirect URI that the
  integration shows. The operator records the three values in the integration. The readiness check
  confirms each part against the tenant; a part done wrong is named with its fix.

  Background:
    Given the sync service is running

  @TEST-01 @TEST-02 @TEST-03 @TEST-04
  Scenario: Registered as the guide says: sign-in works, the app is single-tenant and the redirect URI is registered
    Given the administrator registered the app "Room booking" in the demo tenant:
      | accounts      | this directory only                              |
      | client secret | yes                                              |
      | permissions   | application Calendars.ReadWrite, Place.Read.All |
      | admin consent | granted                                          |
      | access policy | bookable-rooms                                   |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    And the administrator adds the integration's redirect URI to the app registration
    When the readiness check runs
    Then the readiness check passes "PROD-01, TEST-01, TEST-03"

  @TEST-01 @misconfiguration
  Scenario: A multi-tenant registration is flagged by the readiness check
    Given the administrator registered the app "Room booking" in the demo tenant:
      | accounts | any organization |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    And the administrator adds the integration's redirect URI to the app registration
    When the readiness check runs
    Then the readiness check fails "TEST-01" saying "accepts accounts from any organization (multi-tenant)"

  @TEST-01 @misconfiguration
  Scenario: The client ID of an app registered in another tenant: sign-in fails with AADSTS700016, explained
    Given the administrator registered the app "Room booking" in another tenant:
      | accounts | this directory only |
    And integration mode B records that app's client ID and client secret, with the demo tenant's ID
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    When the integration is activated
    Then the calendar "room.amsterdam" shows a problem saying "the application is not registered in this tenant"

  @TEST-02 @misconfiguration
  Scenario: The client secret's ID recorded instead of its value: sign-in fails with AADSTS7000215, saying which to use
    Given the administrator registered the app "Room booking" in the demo tenant:
      | client secret | yes |
    And integration mode B records that app's IDs, but the client secret's ID instead of its value
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    When the readiness check runs
    Then the readiness check fails "PROD-01" saying "the client secret is wrong (use the secret's value, not its ID)"

  @TEST-03 @misconfiguration
  Scenario: The redirect URI is not registered: Entra ID refuses Step 1 with AADSTS50011, and the readiness check names the URI to register
    Given the administrator registered the app "Room booking" in the demo tenant:
      | client secret | yes |
    And integration mode B records that app's tenant ID, client ID and client secret
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    And the app registration lists only the redirect URI "https://booking.contoso.example/old/redirect"
    When the administrator opens the integration's consent link (Step 1)
    Then Entra ID refuses with "AADSTS50011", naming the integration's redirect URI
    When the readiness check runs
    Then the readiness check fails "TEST-03", naming the integration's redirect URI

  @TEST-04 @misconfiguration
  Scenario: A tenant ID of no tenant recorded: sign-in fails with AADSTS90002, explained
    Given the administrator registered the app "Room booking" in the demo tenant:
      | client secret | yes |
    And integration mode B records that app's client ID and client secret, with the ID of a tenant that does not exist
    And the integration syncs the room "room.amsterdam" to the object "Amsterdam"
    When the readiness check runs
    Then the readiness check fails "PROD-01" saying "no such tenant; check the directory (tenant) ID"

  @TEST-04 @misconfiguration
  Scenario: A malformed tenant ID is refused as the operator records it, and nothing is created
    When the operator records the tenant ID "contoso" for a new integration
    Then the service refuses it, naming the field "tenantId"
