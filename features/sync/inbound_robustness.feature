@TEST-15
Feature: Inbound sync is idempotent and recovers what notifications miss
  Graph may deliver a notification twice, out of order, or not at all, and delta tokens can expire.
  Each job re-reads the calendar with calendarView delta, so none of that loses or doubles a booking.

  Background:
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active

  Scenario: Duplicated notifications make one booking
    Given the simulator duplicates every notification
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the object "Amsterdam" has 1 booking
    And the service recognised 1 duplicate delivery without asking Graph again

  Scenario: An expired delta token leads to a full resync without duplicates
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    Given the simulator forgets every delta token
    When the meeting is moved to "15:00"
    Then the object "Amsterdam" has a confirmed booking from "15:00" to "16:00"
    And the object "Amsterdam" has 1 booking

  @INFRA-1
  Scenario: A spoofed notification is refused and changes nothing
    When a notification for that subscription arrives with the clientState "guessed"
    Then the webhook answered it with HTTP 403
    And the object "Amsterdam" has 0 bookings

  Scenario: Graph throttling is waited out (Retry-After) and the booking still arrives
    Given Graph throttles the next 2 delta calls with Retry-After 120 seconds
    When a meeting is booked in the room "room.amsterdam"
    And the service waits out Graph's Retry-After
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the simulator's throttling faults are used up

  Scenario: Inbound behaviour fields: created bookings pending, private items titled neutrally
    Given the integration creates bookings as "Pending" and titles private items "Blocked"
    When a private meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a pending booking from "10:00" to "11:00" titled "Blocked"
