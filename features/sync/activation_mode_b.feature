@TEST-06 @TEST-07 @TEST-09 @INFRA-2
Feature: Activation subscribes every mapped room and names the room that cannot be synced
  Mode B (application permissions) keeps one subscription per mapped room mailbox. A room the app may
  not read, or a UPN with no mailbox, is reported on that calendar in words the operator can act on,
  while the other rooms sync normally.

  Background:
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"

  Scenario: One subscription per mapped room, and the secret is never shown back
    Given the integration also syncs the room "room.berlin" to the object "Berlin"
    When the integration is activated
    Then every synced calendar has a subscription at Graph
    And the integration shows no secret

  @PROD-03 @PROD-08 @STEP-3 @misconfiguration
  Scenario: A room outside the ApplicationAccessPolicy group is reported and e-mailed; the others still sync
    Given the integration also syncs the room "room.outside-policy" to the object "Outside"
    When the integration is activated
    Then the calendar "room.outside-policy" shows the problem "room.outside-policy@contoso-demo.onmicrosoft.com is outside the ApplicationAccessPolicy group: add the room to the security group the policy names (TEST-07, PROD-03)."
    And an e-mail to "facilities@contoso.example" says "room.outside-policy" cannot sync: "outside the ApplicationAccessPolicy group"
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  @PROD-08 @misconfiguration
  Scenario: With the mail server down the problem is still shown and logged, and the other rooms still sync
    Given the integration also syncs the room "room.outside-policy" to the object "Outside"
    And the mail server is down
    When the integration is activated
    Then the calendar "room.outside-policy" shows a problem saying "outside the ApplicationAccessPolicy group"
    And the service logged an error saying "Could not e-mail the problem on room.outside-policy"
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  @misconfiguration
  Scenario: A room mailbox deleted in the tenant after it was mapped is reported at activation
    Given the integration also syncs the room "room.berlin" to the object "Berlin"
    And the room mailbox "room.berlin" is deleted in the tenant
    When the integration is activated
    Then the calendar "room.berlin" shows the problem "No mailbox room.berlin@contoso-demo.onmicrosoft.com in the tenant: check the room's UPN (TEST-09, PROD-07)."
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  @PROD-02 @misconfiguration
  Scenario: Without application permission and admin consent every room is refused with the fix to apply
    Given integration mode B uses the app without application permissions for the room "room.berlin" and the object "Berlin"
    When the integration is activated
    Then the calendar "room.berlin" shows the problem "Access to room.berlin@contoso-demo.onmicrosoft.com denied: grant the application permission Calendars.ReadWrite and admin consent in this tenant (TEST-06, PROD-02)."
