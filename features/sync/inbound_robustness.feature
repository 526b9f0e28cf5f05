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

  Scenario: The next two notifications duplicated: one booking where the meeting is, duplicates recognised
    Given the simulator duplicates the next 2 notifications
    When a meeting "Standup" is booked in the room "room.amsterdam" from "09:00" to "09:30"
    And the meeting "Standup" is moved to "10:00"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "10:30"
    And the object "Amsterdam" has 1 booking
    And the service recognised 2 duplicate deliveries without asking Graph again

  Scenario: Notifications delivered out of order: the booking ends where the meeting is
    # The room answers each change (seconds later), so there are two notifications: the second goes out first.
    Given the simulator reorders the next 2 notifications
    When a meeting "Standup" is booked in the room "room.amsterdam" from "09:00" to "09:30"
    And the meeting "Standup" is moved to "14:00"
    Then the object "Amsterdam" has a confirmed booking from "14:00" to "14:30"
    And the object "Amsterdam" has 1 booking

  Scenario: A delayed notification: nothing until it arrives, then the booking
    Given the simulator delays the next 1 notification by 10 simulated minutes
    When a meeting "Standup" is booked in the room "room.amsterdam" from "09:00" to "09:30"
    Then once the service has settled, the object "Amsterdam" has no active booking
    When 600 simulated seconds pass
    Then the object "Amsterdam" has a confirmed booking from "09:00" to "09:30"

  Scenario: A meeting beyond the sync window makes no booking; one inside it does
    Given the integration's inbound behaviour is:
      | sync window days | 30 |
    When a meeting "Far ahead" is booked by "booking.service" in the room "room.amsterdam" in 40 days from "09:00" to "10:00"
    And a meeting "Soon" is booked by "booking.service" in the room "room.amsterdam" in 20 days from "09:00" to "10:00"
    Then the object "Amsterdam" has a confirmed booking in 20 days from "09:00" to "10:00"
    And the object "Amsterdam" has 1 booking

  Scenario: An Outlook meeting that clashes with a booking of the object becomes pending while conflicts are not allowed
    Given the integration's inbound behaviour is:
      | conflicts allowed | no        |
      | created status    | Confirmed |
    And a booking "Board meeting" from "10:00" to "11:00" is made on the object "Amsterdam" as confirmed
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a pending booking from "10:00" to "11:00"
    And the object "Amsterdam" has 2 bookings

  Scenario: An expired delta token leads to a full resync without duplicates
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    Given the simulator forgets every delta token
    When the meeting is moved to "15:00"
    Then the object "Amsterdam" has a confirmed booking from "15:00" to "16:00"
    And the object "Amsterdam" has 1 booking

  Scenario: A meeting cancelled while the delta token is gone is still cancelled by the full resync
    # A full round lists what is there, not what went away: bookings it no longer lists are cancelled.
    When a meeting "Planning" is booked in the room "room.amsterdam" from "10:00" to "11:00"
    And a meeting "Review" is booked in the room "room.amsterdam" from "14:00" to "15:00"
    Then the object "Amsterdam" has 2 confirmed bookings
    Given the simulator forgets every delta token
    When the meeting "Planning" is cancelled
    Then the object "Amsterdam" has a cancelled booking from "10:00" to "11:00"
    And the object "Amsterdam" has 1 confirmed booking

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
