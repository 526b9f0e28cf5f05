@TEST-14 @STEP-5
Feature: The configuration screen: mode, mappings, inbound behaviour, e-mail on problems, active
  The operator chooses the mode, maps rooms (mode B) or the service account's calendar (mode A) to
  objects, sets the inbound behaviour fields and activates the integration. Every change applies without a
  restart; what Graph would refuse is refused beside its field.

  Background:
    Given the sync service is running
    And the operator is signed in

  Scenario: Mode B with one room, inbound fields set, activated: the first meeting becomes a pending booking
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the operator maps the room "room.amsterdam" to the new object "Amsterdam"
    Then the banner says "Mapped room.amsterdam@contoso-demo.onmicrosoft.com."
    When the operator sets the inbound behaviour:
      | created status    | Pending |
      | private title     | Blocked |
      | sync window days  | 30      |
      | conflicts allowed | no      |
    Then the banner says "Inbound behaviour saved."
    When the operator activates the integration
    Then the banner says "Active: 1 calendar(s) subscribed."
    And the page shows no secret, only when it was set
    And the operator's screen is kept as "settings"
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a pending booking from "10:00" to "11:00"

  @misconfiguration @TEST-04
  Scenario: A malformed tenant ID is refused beside the field, and nothing is created
    When the operator creates the integration "Rooms" in mode B with the tenant ID "contoso"
    Then the screen says beside "tenantId": "The directory (tenant) ID is a GUID"
    And no integration exists

  @misconfiguration @TEST-09 @PROD-07
  Scenario: A mailbox Graph does not know, a person's mailbox and a room mapped twice are refused beside the field
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the operator maps the room "room.nowhere" to the new object "Nowhere"
    Then the screen says beside "mailbox": "is not a room mailbox of this tenant"
    When the operator maps the room "alex.wilber" to the new object "Board room"
    Then the screen says beside "mailbox": "is not a room mailbox of this tenant"
    When the operator maps the room "room.amsterdam" to the new object "Amsterdam"
    And the operator maps the room "room.amsterdam" to the object "Amsterdam"
    Then the screen says beside "mailbox": "is mapped already"

  @misconfiguration
  Scenario: An inbound behaviour field out of range is refused beside the field
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the operator sets the inbound behaviour:
      | sync window days | 0 |
    Then the screen says beside "syncWindowDays": "The sync window is 1..365 days."
