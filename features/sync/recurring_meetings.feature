@TEST-15
Feature: Recurring meetings in a room become one booking per occurrence
  Room calendars are mostly weekly series. Graph lists a series' occurrences in calendarView and its delta,
  never the series itself, and tells subscribers only that the series changed. The service books each
  occurrence inside the sync window, linked to its series: a moved occurrence moves its booking, a
  cancelled one cancels only its booking, a new time for the series moves them all, deleting the series
  cancels them all, and as the window moves on day by day, later occurrences come in.
  (The clock starts on Monday 2 November 2026: tomorrow is a Tuesday.)

  Background:
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active

  Scenario: A weekly meeting on Mondays and Wednesdays for 2 weeks becomes 4 bookings linked to the series
    When a weekly meeting "Team sync" is booked in the room "room.amsterdam" on "Mondays and Wednesdays" from "09:00" to "09:30" for 2 weeks
    Then the object "Amsterdam" has 4 confirmed bookings
    And the object "Amsterdam" has a confirmed booking in 2 days from "09:00" to "09:30"
    And the object "Amsterdam" has a confirmed booking in 14 days from "09:00" to "09:30"
    And every booking of the object "Amsterdam" is linked to its Outlook series

  Scenario: A moved occurrence moves its booking; a cancelled one cancels only its booking
    Given a weekly meeting "Team sync" is booked in the room "room.amsterdam" on "Mondays and Wednesdays" from "09:00" to "09:30" for 2 weeks
    When the occurrence of "Team sync" in 7 days is moved to "15:00"
    And the occurrence of "Team sync" in 9 days is cancelled
    Then the object "Amsterdam" has a confirmed booking in 7 days from "15:00" to "15:30"
    And the object "Amsterdam" has a cancelled booking in 9 days from "09:00" to "09:30"
    And the object "Amsterdam" has 3 confirmed bookings

  Scenario: A daily stand-up for 5 days with one day cancelled
    Given a daily meeting "Stand-up" is booked in the room "room.amsterdam" from "08:30" to "08:45" for 5 days
    When the occurrence of "Stand-up" in 3 days is cancelled
    Then the object "Amsterdam" has a cancelled booking in 3 days from "08:30" to "08:45"
    And the object "Amsterdam" has 4 confirmed bookings

  Scenario: A new time for the series moves every booking; deleting the series cancels them all
    Given a weekly meeting "Team sync" is booked in the room "room.amsterdam" on "Mondays and Wednesdays" from "09:00" to "09:30" for 2 weeks
    When the meeting "Team sync" is moved to "11:00"
    Then the object "Amsterdam" has a confirmed booking in 14 days from "11:00" to "11:30"
    And the object "Amsterdam" has 4 confirmed bookings
    When the meeting "Team sync" is cancelled
    Then the object "Amsterdam" has 4 cancelled bookings

  @misconfiguration
  Scenario: A series that clashes once with a meeting in the room is declined whole, as Exchange does by default
    Given a meeting "Planning" is booked by "booking.service" in the room "room.amsterdam" in 7 days from "09:00" to "10:00"
    When a weekly meeting "Team sync" is booked in the room "room.amsterdam" on "Mondays and Wednesdays" from "09:00" to "09:30" for 2 weeks
    Then the object "Amsterdam" has a confirmed booking in 7 days from "09:00" to "10:00"
    And the object "Amsterdam" has 1 confirmed booking

  @INFRA-3
  Scenario: As the sync window moves on, later occurrences of a series come in
    Given the integration's inbound behaviour is:
      | sync window days | 7 |
    When a daily meeting "Stand-up" is booked in the room "room.amsterdam" from "09:00" to "09:15" for 20 days
    Then the object "Amsterdam" has 6 confirmed bookings
    When 2 simulated days pass, stopping wherever something falls due
    Then the object "Amsterdam" has 8 confirmed bookings
    And the object "Amsterdam" has a confirmed booking in 6 days from "09:00" to "09:15"
