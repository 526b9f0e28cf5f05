@TEST-15 @STEP-6
Feature: Booking changes reach the service account's Outlook calendar (mode A, outbound)
  In mode A a booking made in the booking system is written to the service account's calendar:
  pending as tentative, confirmed as busy, and deleted when the booking is cancelled. The item carries
  the booking's transactionId, so its own change notifications never come back as a second booking
  (no echo loop), and a retried write never makes a second item.

  Scenario: A pending booking appears as tentative, turns busy when confirmed and disappears when cancelled
    Given the sync service is running
    And integration mode A connects the service account "booking.service" for the object "Main office"
    And the integration is active
    When a booking "Board meeting" from "14:00" to "15:00" is made on the object "Main office" as pending
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as tentative
    And the object "Main office" has 1 booking
    When the booking's status becomes "Confirmed"
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as busy
    And the object "Main office" has a confirmed booking from "14:00" to "15:00" titled "Board meeting"
    And the object "Main office" has 1 booking
    When the booking's status becomes "Cancelled"
    Then the Outlook calendar of "booking.service" has no item "Board meeting"
    And the object "Main office" has a cancelled booking from "14:00" to "15:00" titled "Board meeting"
    And the object "Main office" has 1 booking

  Scenario: A worker that stopped after writing the item but before recording it leaves one item and one booking
    Given the sync service is running without a worker
    And integration mode A connects the service account "booking.service" for the object "Main office"
    And the integration is active
    And a booking "Board meeting" from "14:00" to "15:00" is made on the object "Main office" as confirmed
    And Outlook already has the item of that booking, written by a worker that stopped before recording it
    When a worker starts
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as busy
    And the object "Main office" has 1 booking

  Scenario: The inbound sync links an item it finds with the booking's transactionId; the cron resends a lost job
    Given the sync service is running with the cron but without a worker
    And integration mode A connects the service account "booking.service" for the object "Main office"
    And the integration is active
    And a booking "Board meeting" from "14:00" to "15:00" is made on the object "Main office" as pending
    And Outlook already has the item of that booking, written by a worker that stopped before recording it
    And the job on "integration_calendar_outbound" is lost
    When a worker starts
    Then the object "Main office" has 1 booking
    When 10 simulated minutes pass in cron intervals
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as tentative
    And the object "Main office" has a pending booking from "14:00" to "15:00" titled "Board meeting"
    And the object "Main office" has 1 booking

  @TEST-13 @misconfiguration
  Scenario: While the service account cannot sign in the booking waits with the reason, and is written once it is connected again
    Given the sync service is running with the cron
    And integration mode A connects the service account "booking.service" for the object "Main office"
    And the integration is active
    When the sign-in sessions of "booking.service" are revoked
    And 65 simulated minutes pass in cron intervals
    And a booking "Board meeting" from "14:00" to "15:00" is made on the object "Main office" as confirmed
    Then the booking waits for Outlook, saying "AADSTS50173"
    And the Outlook calendar of "booking.service" has no item "Board meeting"
    When the service account "booking.service" connects again
    And 10 simulated minutes pass in cron intervals
    Then the Outlook calendar of "booking.service" shows "Board meeting" from "14:00" to "15:00" as busy
    And the booking no longer waits for Outlook
    And the object "Main office" has 1 booking

  Scenario: Outbound is mode A only: a booking on a room synced in mode B is not written to the room's calendar
    Given the sync service is running
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When a booking "Walk-in" from "14:00" to "15:00" is made on the object "Amsterdam" as confirmed
    Then the room "room.amsterdam" has no item "Walk-in"
    And "integration_calendar_outbound" holds 0 messages and has 1 consumer
