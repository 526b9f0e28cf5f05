@TEST-15 @STEP-6
Feature: Outlook meetings in mapped rooms become bookings (mode B, application)
  With the integration active, a meeting booked in Outlook for a mapped room becomes a booking on the
  mapped object; moving it moves the booking; cancelling it cancels the booking. The service reads the
  room's calendar with calendarView delta after each notification, so duplicates change nothing.

  Background:
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active

  Scenario: Meetings already in the room become bookings on activation
    Given the integration is deactivated
    And a meeting is booked in the room "room.amsterdam"
    When the integration is activated
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  Scenario: Created, moved and cancelled in Outlook: booked, moved and cancelled here
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    When the meeting is moved to "14:00"
    Then the object "Amsterdam" has a confirmed booking from "14:00" to "15:00"
    And the object "Amsterdam" has 1 booking
    When the meeting is cancelled
    Then the object "Amsterdam" has a cancelled booking from "14:00" to "15:00"

  @PROD-10
  Scenario: Setting the integration inactive stops sync and keeps every booking; reactivating catches up
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    When the integration is deactivated
    And the meeting is moved to "14:00"
    Then once the service has settled, the object "Amsterdam" has only a confirmed booking from "10:00" to "11:00"
    And the simulator lists no subscriptions for the app
    When the integration is activated
    Then the object "Amsterdam" has a confirmed booking from "14:00" to "15:00"
    And the object "Amsterdam" has 1 booking

  @PROD-10 @misconfiguration
  Scenario: Deactivated while Graph cannot delete the subscriptions: late notifications are acknowledged and ignored, nothing is lost
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    Given Graph answers 500 to every call on an existing subscription
    When the integration is deactivated
    And the meeting is moved to "14:00"
    Then Graph's latest notification was acknowledged with HTTP 202
    And once the service has settled, the object "Amsterdam" has only a confirmed booking from "10:00" to "11:00"
    And the status counts 1 notification ignored because its integration is inactive
    When Graph answers normally again
    And the cron starts
    And 5 simulated minutes pass in cron intervals
    Then the simulator lists no subscriptions for the app

  @PROD-10 @misconfiguration
  Scenario: Deactivated on another web node while Graph cannot delete the subscriptions: a late notification changes nothing
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    Given Graph answers 500 to every call on an existing subscription
    When the integration is deactivated on a second web node
    And the meeting is moved to "14:00"
    Then Graph's latest notification was acknowledged with HTTP 202
    And once the service has settled, the object "Amsterdam" has only a confirmed booking from "10:00" to "11:00"
