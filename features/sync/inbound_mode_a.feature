@TEST-15 @TEST-05 @TEST-13 @STEP-5
Feature: The service account's calendar syncs into bookings (mode A, delegated)
  Mode A signs in one dedicated service account (Step 2, connect) and keeps one subscription on its
  own calendar ("me"), mapped to one object. Meetings in that calendar become bookings.

  Background:
    Given the sync service is running

  Scenario: Connect, activate; a meeting in the service account's calendar is booked, moved and cancelled here
    Given integration mode A connects the service account "booking.service" for the object "Main office"
    Then the integration shows it is connected as "booking.service"
    When the integration is activated
    Then every synced calendar has a subscription at Graph
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Main office" has a confirmed booking from "10:00" to "11:00"
    When the meeting is moved to "13:00"
    Then the object "Main office" has a confirmed booking from "13:00" to "14:00"
    When the meeting is cancelled
    Then the object "Main office" has a cancelled booking from "13:00" to "14:00"

  @misconfiguration
  Scenario: Without the delegated Calendars.ReadWrite permission the connect step fails clearly
    Given integration mode A with an app lacking delegated Calendars.ReadWrite tries to connect the service account "booking.service" for the object "Main office"
    Then the service's redirect page says "Connecting failed: AADSTS65001"
    And the integration shows the sign-in problem "AADSTS65001"
    When the integration is activated
    Then the calendar "me" shows the problem "Mode A needs the service account connected first: run Step 2 (connect) on the auth screen (TEST-13)."
