@TEST-15
Feature: Meetings in Outlook with their own names, days, times and organizers become bookings
  Meetings are named so later steps can move or cancel them. Changes made "without waiting" pile up at
  Graph before the service handles them: however quickly they come, the booking ends as the meeting is.

  Scenario: Named meetings on chosen days, times and organizers become bookings; a private one is titled privately
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    And the integration creates bookings as "Confirmed" and titles private items "Blocked"
    And the integration is active
    When a meeting "Planning" is booked by "alex.wilber" in the room "room.berlin" in 3 days from "09:00" to "09:45"
    And a private meeting "Appraisal" is booked in the room "room.amsterdam" from "14:00" to "15:00"
    Then the object "Berlin" has a confirmed booking in 3 days from "09:00" to "09:45"
    And the object "Amsterdam" has a confirmed booking from "14:00" to "15:00" titled "Blocked"

  Scenario: A meeting booked, moved twice quickly and moved back before any worker runs ends as one booking where the meeting is
    Given the sync service is running without a worker
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When a meeting "Standup" is booked in the room "room.amsterdam" from "09:00" to "09:30" without waiting
    And the meeting "Standup" is moved to "11:00" without waiting
    And the meeting "Standup" is moved to "13:00" without waiting
    And the meeting "Standup" is moved to "10:00" without waiting
    And a worker starts
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "10:30"
    And the object "Amsterdam" has 1 booking

  Scenario: A meeting cancelled right after it was booked, before any worker runs, leaves no active booking
    Given the sync service is running without a worker
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When a meeting "Mistake" is booked in the room "room.amsterdam" from "09:00" to "09:30" without waiting
    And the meeting "Mistake" is cancelled without waiting
    And a worker starts
    Then once the service has settled, the object "Amsterdam" has no active booking
